//! Reading printed ballots back (lượt quét): the code each ballot carries so that a scanned
//! paper names its round and list ([`code`]), where everything stands on a paper ([`layout`]),
//! finding the papers on a scanned image by their marks ([`find`], through the maps of
//! [`geometry`]), and reading each paper's code and names ([`read`]).

pub mod code;
pub mod find;
pub mod geometry;
pub mod input;
pub mod layout;
pub mod pass;
pub mod read;
