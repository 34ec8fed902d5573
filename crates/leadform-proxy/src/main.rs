//! `leadform-proxy --config forms.toml`: serves the embed, the forms and their submissions.
//! `leadform-proxy outbox …`: the operator's commands. See `--help`.

mod cli;

use std::process::ExitCode;

use cli::args::{Cli, Command, LogFormat};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("leadform-proxy: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => cli::serve::run(*args).await.map(|()| true),
            Command::Outbox(args) => cli::operator::run(args).await,
            Command::Forms(args) => cli::forms::run(args).await,
            Command::Stats(args) => cli::stats::run(args).await,
            Command::Preview(args) => cli::preview::run(args).await,
            Command::TokenKeys(args) => cli::token_keys::run(args),
            Command::Leads(args) => cli::leads::run(*args).await,
        }
    });
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("leadform-proxy: {error}");
            ExitCode::from(2)
        }
    }
}
