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
    Unpacker::default().unpack(packed).map(str::to_owned)
}

/// Unpacks one record after another into the same two buffers, so reading a few hundred records
/// at startup neither allocates nor touches fresh memory for each (docs/performance.md).
#[derive(Default)]
pub struct Unpacker {
    bytes: Vec<u8>,
    text: Vec<u8>,
}

impl Unpacker {
    /// The text `packed` holds (valid until the next call), or why it holds none.
    pub fn unpack(&mut self, packed: &str) -> Result<&str, String> {
        let (pad, data) = match packed.as_bytes() {
            [b'z', b'0', data @ ..] => (0, data),
            [b'z', b'1', data @ ..] => (1, data),
            [b'z', ..] => return Err("packed text without its length mark".into()),
            _ => return Err("not packed text (it does not start with `z`)".into()),
        };
        self.unspread(data)
            .ok_or_else(|| not_packed(&packed[2..]))?;
        let len = self
            .bytes
            .len()
            .checked_sub(pad)
            .ok_or("packed text shorter than its length mark says")?;
        if self.bytes[len..].iter().any(|b| *b != 0) {
            return Err("packed text with data past its end".into());
        }
        let (size, block) = self.bytes[..len]
            .split_first_chunk::<4>()
            .ok_or("packed text too short to hold its size")?;
        let size = u32::from_le_bytes(*size) as usize;
        if size > MAX_UNPACKED {
            return Err(format!(
                "packed text claims {size} bytes, more than a record may hold ({MAX_UNPACKED})"
            ));
        }
        if self.text.len() < size {
            self.text.resize(size, 0);
        }
        let out = &mut self.text[..size];
        let written = lz4_flex::block::decompress_into(block, out)
            .map_err(|e| format!("packed text is damaged ({e})"))?;
        if written != size {
            return Err(format!(
                "packed text unpacks to {written} bytes where it says {size}"
            ));
        }
        std::str::from_utf8(&self.text[..size])
            .map_err(|_| "packed text does not unpack to UTF-8 text".into())
    }

    /// Reads the 15 bits of each character of `data` (UTF-8: every character of packed text is
    /// three bytes) into `self.bytes`, eight characters (15 bytes) at a time. `None` if a
    /// character is not one of packed text, or bits are left over past the last whole byte.
    fn unspread(&mut self, data: &[u8]) -> Option<()> {
        fn bits(c: &[u8]) -> Option<u32> {
            let [b0, b1, b2] = *c else { return None };
            if b0 & 0xf0 != 0xe0 || b1 & 0xc0 != 0x80 || b2 & 0xc0 != 0x80 {
                return None;
            }
            let unit =
                (u32::from(b0 & 0x0f) << 12) | (u32::from(b1 & 0x3f) << 6) | u32::from(b2 & 0x3f);
            unit.checked_sub(FIRST).filter(|b| *b <= 0x7fff)
        }
        if !data.len().is_multiple_of(3) {
            return None;
        }
        self.bytes.clear();
        self.bytes.reserve(data.len() / 3 * BITS as usize / 8 + 1);
        let mut blocks = data.chunks_exact(24);
        for block in &mut blocks {
            let mut acc = 0u128;
            for c in block.chunks_exact(3) {
                acc = (acc << BITS) | u128::from(bits(c)?);
            }
            self.bytes.extend_from_slice(&acc.to_be_bytes()[1..]);
        }
        let (mut acc, mut held) = (0u32, 0u32);
        for c in blocks.remainder().chunks_exact(3) {
            acc = (acc << BITS) | bits(c)?;
            held += BITS;
            while held >= 8 {
                held -= 8;
                self.bytes.push((acc >> held) as u8);
                acc &= (1 << held) - 1;
            }
        }
        (acc == 0).then_some(())
    }
}

/// Why `data` (packed text after its tag and pad mark) is not packed text.
fn not_packed(data: &str) -> String {
    match data
        .chars()
        .find(|c| !(FIRST..=FIRST + 0x7fff).contains(&u32::from(*c)))
    {
        Some(c) => format!("U+{:04X} is not a character of packed text", u32::from(c)),
        None => "packed text with data past its end".into(),
    }
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
    fn one_unpacker_reads_records_of_any_size_in_a_row() {
        let texts: Vec<String> = [5000, 3, 0, 777, 12_000, 40]
            .iter()
            .map(|n| (0..*n).map(|i| char::from(b'a' + (i % 23) as u8)).collect())
            .collect();
        let mut unpacker = Unpacker::default();
        for text in &texts {
            assert_eq!(unpacker.unpack(&pack(text)), Ok(text.as_str()));
        }
        let damaged = pack(&texts[4]).replacen('z', "y", 1);
        assert!(unpacker.unpack(&damaged).is_err());
        assert_eq!(unpacker.unpack(&pack(&texts[0])), Ok(texts[0].as_str()));
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
