//! Bytes -> text: UTF-8 with or without a BOM, UTF-16 with a BOM, otherwise
//! GB18030 (a superset of GBK and GB2312). Line ends become `\n`.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::ImportError;

/// The text of `bytes`, with CRLF and CR turned into LF and form feeds
/// (page breaks of a converted Word file) into line breaks.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest)
            .map_err(|e| binary(format!("invalid UTF-8 at byte {}", e.valid_up_to() + 3)))?
            .to_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_strict(UTF_16LE, rest)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_strict(UTF_16BE, rest)?
    } else if bytes.contains(&0) {
        return Err(binary("it contains NUL bytes".into()));
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => decode_strict(GB18030, bytes)?,
        }
    };
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    check_controls(&text)?;
    Ok(normalise_line_ends(&text))
}

fn binary(reason: String) -> ImportError {
    ImportError::Binary { reason }
}

fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, ImportError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(binary(format!(
            "it is neither UTF-8 nor {}",
            if encoding == GB18030 {
                "GB18030/GBK"
            } else {
                encoding.name()
            }
        )));
    }
    Ok(text.into_owned())
}

/// Text files hold tabs and line ends; NUL or many other control characters
/// mean the file is not text, whatever it decodes to.
fn check_controls(text: &str) -> Result<(), ImportError> {
    if text.contains('\0') {
        return Err(binary("it contains NUL characters".into()));
    }
    let total = text.chars().count();
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x1a'))
        .count();
    if controls * 50 > total {
        return Err(binary(format!("{controls} control characters")));
    }
    Ok(())
}

fn normalise_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace(['\r', '\x0c'], "\n")
        .trim_end_matches('\x1a')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("计划\n".as_bytes()).expect("valid test input"),
            "计划\n"
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("计划".as_bytes());
        assert_eq!(decode(&bom).expect("valid test input"), "计划");
    }

    #[test]
    fn gbk_and_gb18030_decode() {
        let (gbk, _, _) = GB18030.encode("二月：开展一次献爱心活动。\r\n三月：学习。");
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(
            decode(&gbk).expect("valid test input"),
            "二月：开展一次献爱心活动。\n三月：学习。"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "计划\r\n一、学习".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).expect("valid test input"), "计划\n一、学习");
    }

    #[test]
    fn crlf_cr_and_form_feed_become_lf() {
        assert_eq!(
            decode(b"a\r\nb\rc\x0cd").expect("valid test input"),
            "a\nb\nc\nd"
        );
    }

    #[test]
    fn empty_and_blank_files_are_errors() {
        assert_eq!(decode(b""), Err(ImportError::Empty));
        assert_eq!(decode(b" \r\n\t\n"), Err(ImportError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF\n"), Err(ImportError::Empty));
        assert_eq!(decode("\u{3000}\n".as_bytes()), Err(ImportError::Empty));
    }

    #[test]
    fn binary_files_are_errors() {
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00abc"),
            Err(ImportError::Binary { .. })
        ));
        // 0xFF is no lead byte in UTF-8 or GB18030.
        assert!(matches!(
            decode(b"\xFF\xFF\xFFabc"),
            Err(ImportError::Binary { .. })
        ));
        assert!(matches!(
            decode(b"ab\x01\x02\x03\x04\x05"),
            Err(ImportError::Binary { .. })
        ));
        let msg = decode(b"a\0b").expect_err("an error").to_string();
        assert!(msg.contains("plain text"), "{msg}");
    }
}
