//! Tokens of a `.nfg` file: braces, commas, quoted strings and bare words (numbers and the
//! `NFG 1 R` keywords), each with its 1-based line and column.

use std::iter::Peekable;
use std::str::CharIndices;

use crate::error::{Error, Result};

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// `{`
    Open,
    /// `}`
    Close,
    /// `,` (separates payoffs inside an outcome)
    Comma,
    /// A double-quoted string, escapes resolved.
    Str(String),
    /// A run of characters up to whitespace, a brace, a comma or a quote.
    Word(String),
    /// The end of the input.
    Eof,
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub kind: Kind,
    pub line: usize,
    pub column: usize,
}

impl Token {
    /// A parse error pointing at this token.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::NfgParse {
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }

    /// How the token appears in error messages ("`{`", "end of file", …).
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Open => "`{`".into(),
            Kind::Close => "`}`".into(),
            Kind::Comma => "`,`".into(),
            Kind::Str(s) => format!("the string \"{}\"", shorten(s)),
            Kind::Word(w) => format!("`{}`", shorten(w)),
            Kind::Eof => "end of file".into(),
        }
    }
}

/// The first 24 characters of `s`, with an ellipsis if it was longer.
fn shorten(s: &str) -> String {
    const MAX: usize = 24;
    match s.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_string(),
    }
}

/// A lazy tokenizer: the parser pulls one token at a time, so memory stays proportional to
/// what has been read.
pub(super) struct Lexer<'a> {
    text: &'a str,
    chars: Peekable<CharIndices<'a>>,
    line: usize,
    column: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            chars: text.char_indices().peekable(),
            line: 1,
            column: 1,
        }
    }

    /// Consumes one character, keeping the line and column up to date.
    fn bump(&mut self) -> Option<(usize, char)> {
        let (i, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some((i, c))
    }

    /// The next token, or [`Kind::Eof`] (repeatedly) at the end of the input.
    ///
    /// # Errors
    /// [`Error::NfgParse`] for a string without its closing quote.
    pub fn next_token(&mut self) -> Result<Token> {
        while self.chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
            self.bump();
        }
        let (line, column) = (self.line, self.column);
        let token = |kind| Token { kind, line, column };
        let Some((start, c)) = self.bump() else {
            return Ok(token(Kind::Eof));
        };
        let kind = match c {
            '{' => Kind::Open,
            '}' => Kind::Close,
            ',' => Kind::Comma,
            '"' => Kind::Str(self.string().ok_or_else(|| {
                Error::NfgParse {
                    line,
                    column,
                    message: "unterminated string: expected a closing `\"` for the string that \
                          starts here, found end of file"
                        .into(),
                }
            })?),
            _ => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, c)) = self.chars.peek() {
                    if c.is_whitespace() || matches!(c, '{' | '}' | ',' | '"') {
                        break;
                    }
                    self.bump();
                    end = i + c.len_utf8();
                }
                Kind::Word(self.text[start..end].to_string())
            }
        };
        Ok(token(kind))
    }

    /// The rest of a string whose opening quote was consumed; `None` if the input ends first.
    /// A backslash makes the next character literal (`\"` is a quote, `\\` a backslash).
    fn string(&mut self) -> Option<String> {
        let mut s = String::new();
        loop {
            match self.bump()?.1 {
                '"' => return Some(s),
                '\\' => s.push(self.bump()?.1),
                c => s.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, usize, usize)> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token().unwrap();
            let done = t.kind == Kind::Eof;
            out.push((t.kind, t.line, t.column));
            if done {
                return out;
            }
        }
    }

    #[test]
    fn positions_and_kinds() {
        let got = kinds("NFG 1 R \"a\\\"b\"\n { 2,-3/4}\t\"é\\\\\"x");
        let want = vec![
            (Kind::Word("NFG".into()), 1, 1),
            (Kind::Word("1".into()), 1, 5),
            (Kind::Word("R".into()), 1, 7),
            (Kind::Str("a\"b".into()), 1, 9),
            (Kind::Open, 2, 2),
            (Kind::Word("2".into()), 2, 4),
            (Kind::Comma, 2, 5),
            (Kind::Word("-3/4".into()), 2, 6),
            (Kind::Close, 2, 10),
            (Kind::Str("é\\".into()), 2, 12),
            (Kind::Word("x".into()), 2, 17),
            (Kind::Eof, 2, 18),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn multiline_string_moves_the_line() {
        let got = kinds("\"a\nb\" 1");
        assert_eq!(got[0], (Kind::Str("a\nb".into()), 1, 1));
        assert_eq!(got[1], (Kind::Word("1".into()), 2, 4));
    }

    #[test]
    fn unterminated_string_is_an_error() {
        let mut lexer = Lexer::new("  \"abc");
        let err = lexer.next_token().unwrap_err();
        assert!(matches!(
            err,
            Error::NfgParse {
                line: 1,
                column: 3,
                ..
            }
        ));
        let mut lexer = Lexer::new("\"abc\\");
        assert!(lexer.next_token().is_err());
    }
}
