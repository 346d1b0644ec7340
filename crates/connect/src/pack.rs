//! Compressed text that local storage keeps as it is.
//!
//! Local storage holds JavaScript strings and counts their UTF-16 code units. A record is
//! compressed (LZ4 block, prefixed by its size) and the bytes are spread 15 bits to a character
//! in U+0800..=U+87FF: every such character is one code unit and none is a surrogate, a control
//! character or a noncharacter, so the text survives any round trip through a JS string.
//!
//! ```text
//! packed := 'z' PAD DATA*      PAD: '0' or '1', the bytes the last characters' bits
//!                              hold beyond the data (the bits of the last character
//!                              run past the data by 0..=14 bits)
//! data   := u32 LE size of the text, then the LZ4 block
//! ```

const TAG: char = 'z';
const FIRST: u32 = 0x0800;
const BITS: u32 = 15;
/// The most a record may unpack to. Far above any real record (the largest, an event chunk,
/// is about 100 kB), and low enough that a damaged size cannot ask for all of memory.
pub const MAX_UNPACKED: usize = 16 << 20;

/// Packs `text`; the result is about a twelfth to a thirtieth of the JSON it is given.
pub fn pack(text: &str) -> String {
    spread(&lz4_flex::block::compress_prepend_size(text.as_bytes()))
}

/// The characters that hold `bytes`, after the tag and the pad mark.
fn spread(bytes: &[u8]) -> String {
    let chars = (bytes.len() * 8).div_ceil(BITS as usize);
    let pad = chars * BITS as usize / 8 - bytes.len();
    let mut out = String::with_capacity(2 + chars * 3);
    out.push(TAG);
    out.push(if pad == 0 { '0' } else { '1' });
    let (mut acc, mut held) = (0u32, 0u32);
    for byte in bytes {
        acc = (acc << 8) | u32::from(*byte);
        held += 8;
        if held >= BITS {
            held -= BITS;
            out.push(unit((acc >> held) & 0x7fff));
            acc &= (1 << held) - 1;
        }
    }
    if held > 0 {
        out.push(unit((acc << (BITS - held)) & 0x7fff));
    }
    out
}

fn unit(bits: u32) -> char {
    // FIRST + 0x7fff = U+87FF: below the surrogates, so always a char.
    char::from_u32(FIRST + bits).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The text `packed` holds, or why it holds none.
pub fn unpack(packed: &str) -> Result<String, String> {
    let mut chars = packed.chars();
    if chars.next() != Some(TAG) {
        return Err("not packed text (it does not start with `z`)".into());
    }
    let pad = match chars.next() {
        Some('0') => 0,
        Some('1') => 1,
        _ => return Err("packed text without its length mark".into()),
    };
    let data = chars.as_str();
    let count = data.chars().count();
    let len = (count * BITS as usize / 8)
        .checked_sub(pad)
        .ok_or("packed text shorter than its length mark says")?;
    let mut bytes = Vec::with_capacity(len + 1);
    let (mut acc, mut held) = (0u32, 0u32);
    for c in data.chars() {
        let bits = u32::from(c)
            .checked_sub(FIRST)
            .filter(|b| *b <= 0x7fff)
            .ok_or_else(|| format!("U+{:04X} is not a character of packed text", u32::from(c)))?;
        acc = (acc << BITS) | bits;
        held += BITS;
        while held >= 8 {
            held -= 8;
            bytes.push((acc >> held) as u8);
            acc &= (1 << held) - 1;
        }
    }
    if bytes.len() < len || bytes[len..].iter().any(|b| *b != 0) || acc != 0 {
        return Err("packed text with data past its end".into());
    }
    bytes.truncate(len);
    let (size, block) = bytes
        .split_first_chunk::<4>()
        .ok_or("packed text too short to hold its size")?;
    let size = u32::from_le_bytes(*size) as usize;
    if size > MAX_UNPACKED {
        return Err(format!(
            "packed text claims {size} bytes, more than a record may hold ({MAX_UNPACKED})"
        ));
    }
    let text = lz4_flex::block::decompress(block, size)
        .map_err(|e| format!("packed text is damaged ({e})"))?;
    if text.len() != size {
        return Err(format!(
            "packed text unpacks to {} bytes where it says {size}",
            text.len()
        ));
    }
    String::from_utf8(text).map_err(|_| "packed text does not unpack to UTF-8 text".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_every_length_comes_back() {
        for n in 0..200 {
            let text: String = (0..n)
                .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
                .collect();
            assert_eq!(unpack(&pack(&text)), Ok(text));
        }
        let wide = "Ciudad de México — 東京 🦀".repeat(50);
        assert_eq!(unpack(&pack(&wide)), Ok(wide));
    }

    #[test]
    fn packed_text_is_one_code_unit_per_character_and_no_surrogate() {
        let packed = pack(&"{\"id\":\"cnst_0123\"}".repeat(100));
        assert_eq!(packed.encode_utf16().count(), packed.chars().count());
        assert!(packed
            .chars()
            .skip(2)
            .all(|c| (0x0800..=0x87ff).contains(&u32::from(c))));
    }

    #[test]
    fn damaged_text_is_refused_with_a_reason() {
        let good = pack(&"share token ".repeat(40));
        let mut cut = good.clone();
        cut.truncate(good.len() - 6);
        let mut mangled: Vec<char> = good.chars().collect();
        mangled[5] = 'A';
        let flipped: String = good
            .chars()
            .enumerate()
            .map(|(i, c)| if i == 4 { unit(0x7fff) } else { c })
            .collect();
        for bad in [
            String::new(),
            "{\"json\":1}".to_string(),
            "z".to_string(),
            "z2".to_string(),
            "z1".to_string(),
            cut,
            mangled.into_iter().collect(),
            flipped,
            format!("z0{}", unit(0x7fff).to_string().repeat(3)),
        ] {
            assert!(unpack(&bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn a_size_beyond_the_limit_is_refused_before_anything_is_allocated() {
        let mut bytes = u32::MAX.to_le_bytes().to_vec();
        bytes.extend(lz4_flex::block::compress(b"x"));
        let error = unpack(&spread(&bytes)).expect_err("refused");
        assert!(error.contains("more than a record may hold"), "{error}");
    }
}
