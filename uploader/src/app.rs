//! The service: its state and routes.

pub struct App;

pub async fn run(args: crate::settings::Args) -> anyhow::Result<()> {
    let _settings = args.resolve()?;
    Ok(())
}
