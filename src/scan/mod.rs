//! Reading printed ballots back (lượt quét): the code each ballot carries so that a scanned
//! paper names its round and list ([`code`]).

pub mod code;
pub mod layout;
pub mod read;
