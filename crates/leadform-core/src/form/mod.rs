//! The form schema, split so that nothing trusted can travel to a browser: the public
//! [`definition`] is all the widget ever receives; the [`trusted`] settings stay on the proxy.

pub mod condition;
pub mod definition;
pub mod email_rules;
pub mod hidden;
pub mod steps;
pub mod translation;
pub mod trusted;
pub mod visibility;
