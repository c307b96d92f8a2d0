//! The bytes the page and the worker exchange.
//!
//! A plain binary encoding written for the protocol's structs: fields in
//! declaration order, unsigned integers as LEB128, signed ones zigzagged,
//! lengths before lists and text. Both sides are built from this crate, so
//! they always agree on the layout; a message that does not decode (cut
//! short, or not ours) is refused as a whole, never half-read.
//!
//! It replaces serde and bincode in the page: their generic machinery (and
//! the float printer that serde's error messages pull in) was a large part of
//! the page's download, for messages whose shape is known in advance.

/// Encodes into and decodes from the wire format.
pub trait Wire: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(input: &mut Reader<'_>) -> Option<Self>;
}

/// A cursor over received bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

/// Encodes one value.
pub fn encode<T: Wire>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.put(&mut out);
    out
}

/// Decodes one value that must use all the bytes.
pub fn decode<T: Wire>(bytes: &[u8]) -> Option<T> {
    let mut reader = Reader::new(bytes);
    let value = T::take(&mut reader)?;
    (reader.remaining() == 0).then_some(value)
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

impl Wire for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, *self)
    }
    fn take(input: &mut Reader<'_>) -> Option<Self> {
        input.varint()
    }
}

impl Wire for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, u64::from(*self))
    }
    fn take(input: &mut Reader<'_>) -> Option<Self> {
        u32::try_from(input.varint()?).ok()
    }
}

impl Wire for i64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, ((*self << 1) ^ (*self >> 63)) as u64)
    }
    fn take(input: &mut Reader<'_>) -> Option<Self> {
        let v = input.varint()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }
}

impl Wire for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes())
    }
    fn take(input: &mut Reader<'_>) -> Option<Self> {
        Some(f64::from_le_bytes(input.bytes(8)?.try_into().ok()?))
    }
}

impl Wire for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self))
    }
    fn take(input: &mut Reader<'_>) -> Option<Self> {
        match input.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(input: &mut Reader<'_>) -> Option<Self> {
        let len = usize::try_from(input.varint()?).ok()?;
        String::from_utf8(input.bytes(len)?.to_vec()).ok()
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.put(out);
            }
        }
    }
    fn take(input: &mut Reader<'_>) -> Option<Self> {
        match input.byte()? {
            0 => Some(None),
            1 => Some(Some(T::take(input)?)),
            _ => None,
        }
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        for item in self {
            item.put(out);
        }
    }
    fn take(input: &mut Reader<'_>) -> Option<Self> {
        let len = usize::try_from(input.varint()?).ok()?;
        // Every item takes at least one byte: a bogus length cannot make us
        // reserve more than the message could hold.
        let mut items = Vec::with_capacity(len.min(input.remaining()));
        for _ in 0..len {
            items.push(T::take(input)?);
        }
        Some(items)
    }
}

/// Implements [`Wire`] for a struct: its fields in the order given, which
/// must be every field (the struct literal does not compile otherwise).
#[macro_export]
macro_rules! wire_struct {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl $crate::wire::Wire for $name {
            fn put(&self, out: &mut Vec<u8>) {
                $( $crate::wire::Wire::put(&self.$field, out); )*
            }
            fn take(input: &mut $crate::wire::Reader<'_>) -> Option<Self> {
                Some($name { $( $field: $crate::wire::Wire::take(input)?, )* })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Sample {
        a: u32,
        b: i64,
        c: Option<String>,
        d: Vec<u64>,
        e: bool,
        f: f64,
    }
    wire_struct!(Sample { a, b, c, d, e, f });

    fn sample() -> Sample {
        Sample {
            a: u32::MAX,
            b: i64::MIN,
            c: Some("é😀\n".into()),
            d: vec![0, 127, 128, 16_383, 16_384, u64::MAX],
            e: true,
            f: -1.25,
        }
    }

    #[test]
    fn round_trips() {
        let bytes = encode(&sample());
        assert_eq!(decode::<Sample>(&bytes), Some(sample()));
        for v in [0i64, 1, -1, 63, -64, 64, i64::MAX, i64::MIN] {
            assert_eq!(decode::<i64>(&encode(&v)), Some(v));
        }
        // Small numbers take one byte.
        assert_eq!(encode(&127u32).len(), 1);
        assert_eq!(encode(&-64i64).len(), 1);
    }

    #[test]
    fn refuses_cut_or_padded_or_bogus_messages() {
        let bytes = encode(&sample());
        for cut in 0..bytes.len() {
            assert_eq!(decode::<Sample>(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert_eq!(decode::<Sample>(&padded), None);
        // A list that claims 2^60 items in a few bytes.
        let mut huge = Vec::new();
        put_varint(&mut huge, 1 << 60);
        assert_eq!(decode::<Vec<u64>>(&huge), None);
        assert_eq!(decode::<bool>(&[2]), None);
        assert_eq!(decode::<u32>(&encode(&(u64::from(u32::MAX) + 1))), None);
        assert_eq!(decode::<String>(&[2, 0xff, 0xfe]), None);
        assert_eq!(decode::<u64>(&[0x80; 11]), None);
    }
}
