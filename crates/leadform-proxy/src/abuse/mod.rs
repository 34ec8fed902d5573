//! Keeping bots and floods out without a third-party script: a honeypot, a signed fill token
//! that proves how long a form was shown, and limits per visitor and per form. A caught bot
//! is answered like a person and its submission goes nowhere.

pub mod fill_token;
pub mod spam;
pub mod visitor_limits;
