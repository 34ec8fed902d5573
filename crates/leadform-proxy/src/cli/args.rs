//! The command line. Every serving flag has an environment variable too; the API key is
//! read from the environment only, so it never shows in a process list.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use ipnet::IpNet;
use leadform_core::FormDirection;
use leadform_core::journeybee::get_leads::{
    CustomFieldFilter, LeadStatus, LeadView, SortOption, SortType, from_wire_name,
};
use leadform_proxy::DeliverySettings;
use leadform_proxy::DoubtPolicy;
use leadform_proxy::abuse::fill_token::FillTokenSettings;
use leadform_proxy::journeybee::DEFAULT_API_URL;
use leadform_proxy::outbox::{DeliveryState, StoreLocation};
use leadform_proxy::{ServerLimits, SubmissionLimits};

/// The leadform proxy: serves the embed and the forms, accepts submissions into a durable
/// outbox and delivers each to JourneyBee exactly once. JOURNEYBEE_API_KEY holds the key.
/// Without a command it serves: `leadform-proxy --config forms.toml` is `… serve --config …`.
#[derive(Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// How log lines are written (to stderr): `text` for people, `json` (one object per
    /// line) for log collectors.
    #[arg(
        long,
        global = true,
        env = "LEADFORM_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,
}

/// See [`Cli::log_format`].
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Cli {
    /// Parses the process's arguments, reading a first argument that is not a command as
    /// the start of `serve`'s flags.
    pub fn parse_args() -> Self {
        let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let first = argv.get(1).and_then(|arg| arg.to_str());
        // The subcommands as clap knows them, so a new one is never taken for serve's flags.
        let named = first.is_some_and(|first| {
            matches!(first, "help" | "-h" | "--help" | "-V" | "--version")
                || <Self as clap::CommandFactory>::command()
                    .get_subcommands()
                    .any(|command| command.get_name() == first)
        });
        if !named {
            argv.insert(1.min(argv.len()), "serve".into());
        }
        Self::parse_from(argv)
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve (the default).
    Serve(Box<ServeArgs>),
    /// Look into the outbox and act on its records (works beside a running proxy).
    Outbox(OutboxArgs),
    /// Check the forms file against the JourneyBee account.
    Forms(FormsArgs),
    /// How each form converts: shown, started, submitted, delivered, and where visitors
    /// gave up (works beside a running proxy).
    Stats(StatsArgs),
    /// A local page showing every form of the forms file in each of its languages, light
    /// and dark, sending to the built-in sandbox (no key), following edits of the file.
    Preview(PreviewArgs),
    /// The keys fill tokens are signed with.
    TokenKeys(TokenKeysArgs),
    /// The account's leads, through JourneyBee's Get Leads (JOURNEYBEE_API_KEY).
    Leads(Box<LeadsArgs>),
}

#[derive(Args)]
pub struct LeadsArgs {
    /// JourneyBee's API base URL.
    #[arg(long, env = "JOURNEYBEE_API_URL", default_value = DEFAULT_API_URL)]
    pub journeybee_url: String,
    /// The JourneyBee user the key belongs to (Get Leads' userId).
    #[arg(long, env = "JOURNEYBEE_USER_ID")]
    pub journeybee_user_id: u64,
    /// Company name, email, phone, names, assigned users or partner companies containing this.
    #[arg(long)]
    pub search: Option<String>,
    /// received, sent, reseller or campaigns.
    #[arg(long, value_parser = wire_name::<LeadView>)]
    pub view: Option<LeadView>,
    /// Only these statuses (new, contacted, qualified, converted, lost; comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = wire_name::<LeadStatus>)]
    pub status: Vec<LeadStatus>,
    /// Only leads with these tag ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub tags: Vec<u64>,
    /// Only leads assigned to these user ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub users: Vec<u64>,
    /// Only leads assigned to someone.
    #[arg(long, conflicts_with = "unassigned")]
    pub assigned: bool,
    /// Only leads assigned to no one.
    #[arg(long)]
    pub unassigned: bool,
    /// `ID=VALUE`, VALUE a value object: `5={"number":25000}`, `21={"text":"acme"}`,
    /// `7={"select":1}`. Repeat for more than one.
    #[arg(long = "custom-field", value_parser = parse_custom_field)]
    pub custom_fields: Vec<CustomFieldFilter>,
    /// `status` (ascending) or `status:desc`.
    #[arg(long, value_parser = parse_sort)]
    pub sort: Vec<SortOption>,
    /// Start after this cursor (the ISO time a previous page ended at).
    #[arg(long)]
    pub cursor: Option<String>,
    /// Every page, following the cursor.
    #[arg(long)]
    pub all: bool,
    /// One JSON object, `{"leads": [...], "next_cursor": ...}`, for scripts.
    #[arg(long)]
    pub json: bool,
    /// Only the leads this proxy delivered for this form, with their submission id, state
    /// and attempts from the outbox (every page is read).
    #[arg(long)]
    pub form: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// An enum from its name on the wire (`received`, `new`, …).
fn wire_name<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    from_wire_name(text.trim())
        .ok_or_else(|| format!("{text:?} is not one of the documented values"))
}

/// The name of the systemd credential that holds the JourneyBee API key
/// (`LoadCredential=journeybee-api-key:…`).
pub const KEY_CREDENTIAL: &str = "journeybee-api-key";

/// The JourneyBee API key: from `JOURNEYBEE_API_KEY`, else from the systemd credential
/// [`KEY_CREDENTIAL`]; never from a flag, so it never shows in a process list.
pub fn api_key_from_env() -> Option<String> {
    let credential = || {
        let dir = std::env::var_os("CREDENTIALS_DIRECTORY")?;
        let key = std::fs::read_to_string(std::path::Path::new(&dir).join(KEY_CREDENTIAL)).ok()?;
        Some(key.trim().to_owned())
    };
    std::env::var("JOURNEYBEE_API_KEY")
        .ok()
        .or_else(credential)
        .filter(|key| !key.is_empty())
}

fn parse_custom_field(text: &str) -> Result<CustomFieldFilter, String> {
    let (id, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not ID=VALUE"))?;
    let id = id
        .trim()
        .parse()
        .map_err(|_| format!("{id:?} is not a custom field id"))?;
    let value = serde_json::from_str(value).map_err(|error| {
        format!("{value:?} is not a value object like {{\"text\":\"…\"}}: {error}")
    })?;
    Ok(CustomFieldFilter { id, value })
}

fn parse_sort(text: &str) -> Result<SortOption, String> {
    let (sort_type, order) = text.split_once(':').unwrap_or((text, "asc"));
    let sort_type = wire_name::<SortType>(sort_type)?;
    let asc = match order {
        "asc" => true,
        "desc" => false,
        _ => return Err(format!("{order:?} is not asc or desc")),
    };
    Ok(SortOption { sort_type, asc })
}

#[derive(Args)]
pub struct TokenKeysArgs {
    #[command(subcommand)]
    pub action: TokenKeysAction,
}

#[derive(Subcommand)]
pub enum TokenKeysAction {
    /// Make a new signing key and keep the previous one, so forms already shown stay good;
    /// then send the proxy SIGHUP. Rotate again only after --token-lifetime has passed.
    Rotate {
        #[command(flatten)]
        keys: TokenKeyFile,
    },
}

/// Where the fill-token keys are kept.
#[derive(Args, Clone)]
pub struct TokenKeyFile {
    /// Directory of the embedded SQLite outbox; the keys are kept in it, in `token-keys`.
    #[arg(long, env = "LEADFORM_DATA_DIR", default_value = "leadform-data")]
    pub data_dir: PathBuf,
    /// The fill-token key file, in place of `<data-dir>/token-keys` (for replicas: one
    /// file they all read; or set LEADFORM_TOKEN_KEYS on each).
    #[arg(long, env = "LEADFORM_TOKEN_KEY_FILE")]
    pub token_key_file: Option<PathBuf>,
}

impl TokenKeyFile {
    pub fn path(&self) -> PathBuf {
        self.token_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("token-keys"))
    }
}

#[derive(Args)]
pub struct FormsArgs {
    #[command(subcommand)]
    pub action: FormsAction,
}

#[derive(Subcommand)]
pub enum FormsAction {
    /// Every custom field, option and tag the forms file names, against the account's
    /// (`GET /custom-fields`, `GET /tags`); exits 1 when something does not match.
    Check {
        /// The forms file (TOML).
        #[arg(long, env = "LEADFORM_CONFIG")]
        config: PathBuf,
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Prints a complete, commented `[[form]]` section for one partnership, from the
    /// account: its ids and partner, every lead custom field of its partner type, the
    /// contact questions; append it to the forms file.
    New {
        /// The partnership's id (`forms list-partnerships` lists them).
        #[arg(long)]
        partnership: u64,
        /// The directions the form allows (comma-separated: send, claim); default send.
        #[arg(long, value_delimiter = ',', value_parser = wire_name::<FormDirection>)]
        direction: Vec<FormDirection>,
        /// An origin whose pages may show the form (repeat for several); default the
        /// partner's website.
        #[arg(long)]
        origin: Vec<String>,
        /// The form's id; default the partner's name and type (`partner-corp-referral`).
        #[arg(long)]
        id: Option<String>,
        /// A language to write a translation skeleton for (repeat for several).
        #[arg(long)]
        locale: Vec<String>,
        #[command(flatten)]
        account: AccountArgs,
        /// The JourneyBee user whose partnerships are read (`GET /partnerships?userId=`).
        #[arg(long, env = "JOURNEYBEE_USER_ID", required_unless_present = "sandbox")]
        journeybee_user_id: Option<u64>,
    },
    /// The account's partnerships, with the ids `forms new` takes.
    ListPartnerships {
        /// Only partners whose name contains this.
        #[arg(long)]
        search: Option<String>,
        #[command(flatten)]
        account: AccountArgs,
        /// The JourneyBee user whose partnerships are read (`GET /partnerships?userId=`).
        #[arg(long, env = "JOURNEYBEE_USER_ID", required_unless_present = "sandbox")]
        journeybee_user_id: Option<u64>,
    },
}

/// Which account the `forms` commands read: JourneyBee's (the key from JOURNEYBEE_API_KEY)
/// or the built-in sandbox's.
#[derive(Args)]
pub struct AccountArgs {
    /// Read the built-in sandbox's account instead of JourneyBee's.
    #[arg(long)]
    pub sandbox: bool,
    /// JourneyBee's API base URL.
    #[arg(long, env = "JOURNEYBEE_API_URL", default_value = DEFAULT_API_URL)]
    pub journeybee_url: String,
}

/// Where the outbox is: SQLite in a data directory, or PostgreSQL.
#[derive(Args, Clone)]
pub struct StoreArgs {
    /// Directory of the embedded SQLite outbox (created if missing).
    #[arg(long, env = "LEADFORM_DATA_DIR", default_value = "leadform-data")]
    pub data_dir: PathBuf,
    /// A PostgreSQL outbox shared by several replicas (postgres://…); replaces --data-dir.
    #[arg(long, env = "LEADFORM_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl StoreArgs {
    pub fn location(&self) -> StoreLocation {
        match &self.database_url {
            Some(url) => StoreLocation::Postgres(url.clone()),
            None => StoreLocation::Sqlite(self.data_dir.clone()),
        }
    }
}

#[derive(Args)]
pub struct ServeArgs {
    /// The forms file (TOML).
    #[arg(long, env = "LEADFORM_CONFIG")]
    pub config: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "LEADFORM_LISTEN", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// The widget bundle `cargo xtask build` writes; default: the bundle this binary carries
    /// (a `cargo xtask dist` build), else `dist`.
    #[arg(long, env = "LEADFORM_BUNDLE_DIR")]
    pub bundle_dir: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Send leads to the built-in sandbox instead of JourneyBee (demos and tests only).
    #[arg(long)]
    pub sandbox: bool,
    /// JourneyBee's API base URL.
    #[arg(long, env = "JOURNEYBEE_API_URL", default_value = DEFAULT_API_URL)]
    pub journeybee_url: String,
    /// The JourneyBee user whose Get Leads the proxy reads to find out whether an attempt
    /// with an unknown outcome created the lead.
    #[arg(long, env = "JOURNEYBEE_USER_ID")]
    pub journeybee_user_id: Option<u64>,
    /// JourneyBee honours Idempotency-Key for this account: resend without checking.
    #[arg(long, env = "LEADFORM_TRUST_IDEMPOTENCY_KEY")]
    pub trust_idempotency_key: bool,
    /// JourneyBee's rate limit, in requests per minute, for all replicas together.
    #[arg(long, env = "LEADFORM_UPSTREAM_RATE_PER_MINUTE", default_value_t = 100)]
    pub upstream_rate_per_minute: u32,
    /// How long one JourneyBee call may take.
    #[arg(long, env = "LEADFORM_UPSTREAM_TIMEOUT", default_value = "15s", value_parser = humantime::parse_duration)]
    pub upstream_timeout: Duration,
    /// How long after its timeout a JourneyBee call may still create the lead: JourneyBee
    /// finishing just after the proxy stopped waiting, and replicas' clocks disagreeing.
    /// An attempt whose outcome is unknown is looked for (and sent again) only after its
    /// timeout and this have passed.
    #[arg(long, env = "LEADFORM_CLOCK_SKEW", default_value = "5s", value_parser = humantime::parse_duration)]
    pub clock_skew: Duration,
    /// How long a visitor waits for the first delivery attempt before hearing "queued".
    #[arg(long, env = "LEADFORM_FAST_PATH_BUDGET", default_value = "2s", value_parser = humantime::parse_duration)]
    pub fast_path_budget: Duration,
    /// How long after acceptance a submission is still retried before it is dead.
    #[arg(long, env = "LEADFORM_MAX_AGE", default_value = "72h", value_parser = humantime::parse_duration)]
    pub max_age: Duration,
    /// The first retry's delay (it doubles, with jitter).
    #[arg(long, env = "LEADFORM_RETRY_BASE", default_value = "1s", value_parser = humantime::parse_duration)]
    pub retry_base: Duration,
    /// The longest delay between retries.
    #[arg(long, env = "LEADFORM_RETRY_MAX", default_value = "10m", value_parser = humantime::parse_duration)]
    pub retry_max: Duration,
    /// Without an Idempotency-Key, the same answers to the same form within this window are
    /// one submission.
    #[arg(long, env = "LEADFORM_DEDUP_WINDOW", default_value = "10m", value_parser = humantime::parse_duration)]
    pub dedup_window: Duration,
    /// How long a record keeps its personal content (answers, contact fields, the lead
    /// request, the consent's text) after it is delivered, rejected, dead or discarded;
    /// then only ids, states, times and codes stay.
    #[arg(long, env = "LEADFORM_RETAIN_PERSONAL_DATA", default_value = "30d", value_parser = humantime::parse_duration)]
    pub retain_personal_data: Duration,
    /// Deliveries attempted at once by this replica.
    #[arg(long, env = "LEADFORM_DELIVERY_CONCURRENCY", default_value_t = 8)]
    pub delivery_concurrency: usize,
    /// How often to look for work queued by other replicas.
    #[arg(long, env = "LEADFORM_POLL_INTERVAL", default_value = "1s", value_parser = humantime::parse_duration)]
    pub poll_interval: Duration,
    /// A connection must send a request's headers within this (also when idle).
    #[arg(long, env = "LEADFORM_HEADER_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_timeout: Duration,
    /// A request's body must arrive within this.
    #[arg(long, env = "LEADFORM_BODY_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub body_timeout: Duration,
    /// A request must be answered within this.
    #[arg(long, env = "LEADFORM_REQUEST_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub request_timeout: Duration,
    /// Connections open at once; more are answered 503 and closed.
    #[arg(long, env = "LEADFORM_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Connections open at once from one address.
    #[arg(long, env = "LEADFORM_MAX_CONNECTIONS_PER_IP", default_value_t = 64)]
    pub max_connections_per_ip: usize,
    /// Requests served at once; more are answered 503 with Retry-After.
    #[arg(long, env = "LEADFORM_MAX_IN_FLIGHT", default_value_t = 256)]
    pub max_in_flight: usize,
    /// Submissions one client (address) may make per minute; more get 429.
    #[arg(
        long,
        env = "LEADFORM_SUBMISSIONS_PER_CLIENT_PER_MINUTE",
        default_value_t = 10
    )]
    pub submissions_per_client_per_minute: u32,
    /// Submissions one form may take per minute from everyone together; more get 429.
    #[arg(
        long,
        env = "LEADFORM_SUBMISSIONS_PER_FORM_PER_MINUTE",
        default_value_t = 600
    )]
    pub submissions_per_form_per_minute: u32,
    /// Fill tokens one client (address) may take per minute, one per form shown; more get 429.
    #[arg(
        long,
        env = "LEADFORM_TOKENS_PER_CLIENT_PER_MINUTE",
        default_value_t = 120
    )]
    pub tokens_per_client_per_minute: u32,
    /// A submission sent sooner than this after its form was shown is taken for a bot's
    /// (answered like a success, never delivered).
    #[arg(long, env = "LEADFORM_MIN_FILL_TIME", default_value = "3s", value_parser = humantime::parse_duration)]
    pub min_fill_time: Duration,
    /// How long a fill token is good for; the loader gets a new one before it runs out.
    #[arg(long, env = "LEADFORM_TOKEN_LIFETIME", default_value = "2h", value_parser = humantime::parse_duration)]
    pub token_lifetime: Duration,
    /// The fill-token key file, in place of `<data-dir>/token-keys`. LEADFORM_TOKEN_KEYS
    /// (hex keys, comma-separated, the signing key first) replaces the file.
    #[arg(long, env = "LEADFORM_TOKEN_KEY_FILE")]
    pub token_key_file: Option<PathBuf>,
    /// Reverse proxies (addresses or networks, comma-separated) whose Forwarded or
    /// X-Forwarded-For name the client. Without it those headers are never believed.
    #[arg(long = "trusted-proxy", env = "LEADFORM_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_network)]
    pub trusted_proxies: Vec<IpNet>,
}

/// `10.0.0.0/8`, or one address (`127.0.0.1`, `::1`).
fn parse_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{text:?} is not an address or a network like 10.0.0.0/8"))
}

impl ServeArgs {
    pub fn fill_token_settings(&self) -> FillTokenSettings {
        FillTokenSettings {
            min_fill: self.min_fill_time,
            lifetime: self.token_lifetime,
        }
    }

    pub fn submission_limits(&self) -> SubmissionLimits {
        SubmissionLimits {
            per_client_per_minute: self.submissions_per_client_per_minute,
            per_form_per_minute: self.submissions_per_form_per_minute,
            tokens_per_client_per_minute: self.tokens_per_client_per_minute,
            trusted_proxies: self.trusted_proxies.clone(),
        }
    }

    pub fn limits(&self) -> ServerLimits {
        ServerLimits {
            header_read_timeout: self.header_timeout,
            body_read_timeout: self.body_timeout,
            request_timeout: self.request_timeout,
            max_connections: self.max_connections,
            max_connections_per_ip: self.max_connections_per_ip,
            max_in_flight: self.max_in_flight,
        }
    }

    pub fn delivery_settings(&self, doubt: DoubtPolicy) -> DeliverySettings {
        DeliverySettings {
            fast_path_budget: self.fast_path_budget,
            upstream_timeout: self.upstream_timeout,
            clock_skew: self.clock_skew,
            rate_per_minute: self.upstream_rate_per_minute,
            max_age: self.max_age,
            retry_base: self.retry_base,
            retry_max: self.retry_max,
            keyless_window: self.dedup_window,
            concurrency: self.delivery_concurrency,
            poll_interval: self.poll_interval,
            retain_personal_data: self.retain_personal_data,
            ..DeliverySettings::new(doubt)
        }
    }
}

#[derive(Args)]
pub struct PreviewArgs {
    /// The forms file (TOML).
    #[arg(long, env = "LEADFORM_CONFIG")]
    pub config: PathBuf,
    /// Where the preview page is served (the proxy takes a free port beside it).
    #[arg(long, default_value = "127.0.0.1:8790")]
    pub listen: std::net::SocketAddr,
    /// The widget bundle (`cargo xtask build` writes it); default: the bundle this binary
    /// carries, else `dist`.
    #[arg(long, env = "LEADFORM_BUNDLE_DIR")]
    pub bundle_dir: Option<PathBuf>,
}

#[derive(Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Only this form.
    #[arg(long)]
    pub form: Option<String>,
    /// How far back (`7d`, `24h`, `13months`…).
    #[arg(long, default_value = "7d", value_parser = humantime::parse_duration)]
    pub since: Duration,
    /// Also split by day or hour.
    #[arg(long, value_parser = ["day", "hour"])]
    pub by: Option<String>,
    /// As JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct OutboxArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(subcommand)]
    pub action: OutboxAction,
}

#[derive(Subcommand)]
pub enum OutboxAction {
    /// Records, newest first.
    List {
        /// Only records in this state (queued, delivered, rejected, dead, discarded).
        #[arg(long)]
        state: Option<DeliveryState>,
        /// Only records of this form.
        #[arg(long)]
        form: Option<String>,
        /// Only test submissions (from forms' test origins, delivered to the sandbox).
        #[arg(long)]
        test: bool,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// One record: its lead request, where delivery stands, and its history.
    Show { id: String },
    /// Queue dead, rejected or discarded records again (with a fresh maximum age).
    Retry {
        #[arg(required = true)]
        ids: Vec<String>,
        /// Send without first asking Get Leads whether an earlier attempt created the lead.
        #[arg(long)]
        force: bool,
        /// The maximum age the retried records get.
        #[arg(long, default_value = "72h", value_parser = humantime::parse_duration)]
        max_age: Duration,
    },
    /// Give up on records that are not being attempted right now.
    Discard {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Erase the personal content of records past the retention time now (the serving
    /// proxy does it every hour).
    Purge {
        /// As `serve --retain-personal-data`.
        #[arg(long, env = "LEADFORM_RETAIN_PERSONAL_DATA", default_value = "30d", value_parser = humantime::parse_duration)]
        retain_personal_data: Duration,
        /// Only list what would be erased.
        #[arg(long)]
        dry_run: bool,
    },
    /// Erase everything the outbox holds about one person (a request to be forgotten), or
    /// the personal content of one submission.
    Forget {
        /// Every record whose lead address or answers are this email address.
        #[arg(
            long,
            required_unless_present = "submission",
            conflicts_with = "submission"
        )]
        email: Option<String>,
        /// One submission, by id.
        #[arg(long)]
        submission: Option<String>,
        /// Also records not delivered yet: they are discarded (never sent) and erased.
        #[arg(long)]
        force: bool,
    },
    /// Everything the outbox holds about one person, as JSON (a request for access).
    Export {
        /// The person's email address.
        #[arg(long)]
        email: String,
    },
}
