//! Closed sets of codes whose names are a contract with other languages (the widget's
//! locale tables, the loader, API clients): each set written as one list, from which its
//! enum, `ALL`, `as_str`, `from_name` and serde (as the plain name) all come.

/// `wire_names! { /// doc  pub enum Name { /// doc  Variant = "variant", … } }`
macro_rules! wire_names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant ),*
        }

        impl $name {
            /// Every one, in the order of the list.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Its name on the wire and in the locale tables.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),*
                }
            }

            /// The one named `name`, if this version knows it.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($wire => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::from_name(&name).ok_or_else(|| {
                    ::serde::de::Error::invalid_value(::serde::de::Unexpected::Str(&name), &stringify!($name))
                })
            }
        }
    };
}
pub(crate) use wire_names;
