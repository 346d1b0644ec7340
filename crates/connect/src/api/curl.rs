//! The `curl` command equivalent to a request, for the console's copy button.

use super::ApiRequest;

/// Where the real API lives: the console shows the command an integrator would run there.
pub const REAL_API_BASE: &str = "https://api.withpersona.com";

/// Quotes `text` for a POSIX shell: single quotes, with each `'` written as `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `curl -X POST 'https://…/api/v1/…' -H '…' --data '…'`, one option per line.
/// `-g` keeps curl from reading `page[size]` as a glob.
pub fn command(request: &ApiRequest, base: &str) -> String {
    let method = request.method.trim().to_ascii_uppercase();
    let path = request.path.trim();
    // What a URL cannot carry as typed (spaces, quotes, other characters than ASCII) is
    // percent-encoded; what is there already, `%20` or `page[size]`, stays as it is.
    let path = super::http::percent_encode(path, b"!#$%&'()*+,/:;=?@[]");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let mut lines = vec![format!(
        "curl -g -X {} {}",
        shell_quote(&method),
        shell_quote(&format!("{}{path}", base.trim_end_matches('/')))
    )];
    for (name, value) in &request.headers {
        if !name.trim().is_empty() {
            lines.push(format!(
                "  -H {}",
                shell_quote(&format!("{}: {}", name.trim(), value.trim()))
            ));
        }
    }
    if !request.body.trim().is_empty() {
        lines.push(format!("  --data {}", shell_quote(&request.body)));
    }
    lines.join(" \\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_the_shell_would_expand() {
        assert_eq!(shell_quote("it's $HOME"), r"'it'\''s $HOME'");
        let request = ApiRequest::new("post", "/api/v1/connect/share-tokens")
            .bearer("sk_test_1")
            .body(r#"{"a":"b'c"}"#);
        assert_eq!(
            command(&request, "https://api.example.com/"),
            "curl -g -X 'POST' 'https://api.example.com/api/v1/connect/share-tokens' \\\n  -H 'Authorization: Bearer sk_test_1' \\\n  --data '{\"a\":\"b'\\''c\"}'"
        );
    }

    #[test]
    fn a_path_is_sent_as_a_url_can_carry_it() {
        let request = ApiRequest::new("GET", "/api/v1/inquiries/inq 1?page[size]=5&q=é%20x");
        assert_eq!(
            command(&request, "https://api.example.com"),
            "curl -g -X 'GET' 'https://api.example.com/api/v1/inquiries/inq%201?page[size]=5&q=%C3%A9%20x'"
        );
    }
}
