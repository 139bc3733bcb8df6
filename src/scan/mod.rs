//! Reading printed ballots back (lượt quét): the code each ballot carries so that a scanned
//! paper names its round and list ([`code`]), where everything stands on a paper ([`layout`]),
//! and reading a scanned image ([`read`]). Not yet wired to a counting pass, the CLI or the
//! window (issue 17).

pub mod code;
pub mod layout;
pub mod read;
