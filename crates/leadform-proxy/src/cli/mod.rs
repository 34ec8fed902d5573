//! The `leadform-proxy` binary's commands.

pub mod args;
pub mod forms;
pub mod operator;
pub mod serve;
