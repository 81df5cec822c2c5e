use clap::Parser as _;

fn main() -> anyhow::Result<()> {
    // Started by the Lambda runtime: the settings are read at cold start,
    // some of them from SSM, before the arguments are parsed.
    let lambda = trogs_uploader::lambda::is_lambda();
    let args = (!lambda).then(trogs_uploader::settings::Args::parse);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TROGS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        // Lambda keeps the log as text: no colour codes.
        .with_ansi(!lambda)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match args {
        Some(args) => runtime.block_on(trogs_uploader::app::run(args)),
        None => runtime.block_on(trogs_uploader::lambda::run()),
    }
}
