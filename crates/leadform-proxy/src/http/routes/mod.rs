//! One module a route (or a family of them).

pub mod assets;
pub mod definition;
pub mod health;
pub mod submission;
pub mod token;
pub mod views;
