//! `trogs names`: brings the artists' name claims to the look-alike rule
//! now (after rows were written without claims, as the original site
//! writes them), and lists existing artists whose names look alike.

use trogs::config::ConfigArgs;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub async fn run(config: &ConfigArgs, _args: Args) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let store = super::open_store(&config).await?;
    let done = trogs::catalog::names::migrate(&store, true).await?;
    for collision in &done.collisions {
        println!("{collision}");
    }
    println!("{done}");
    Ok(())
}
