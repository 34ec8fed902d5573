//! The `leadform-proxy` binary's commands.

pub mod args;
pub mod forms;
pub mod leads;
pub mod operator;
pub mod preview;
pub mod serve;
pub mod stats;
pub mod token_keys;
