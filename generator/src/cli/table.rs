//! `trogs table create` and `trogs table check`: the DynamoDB table and its
//! four indexes, as `docs/catalog.md` lays them out.

use anyhow::Context as _;

use trogs::config::ConfigArgs;
use trogs::store::dynamo::{Capacity, Created};
use trogs::store::{Spec, Store};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Create the table and its indexes; an existing table that matches is fine
    Create(CreateArgs),
    /// Report whether the table matches the catalog layout
    Check,
}

#[derive(clap::Args, Debug)]
pub struct CreateArgs {
    /// Pay per request instead of provisioned capacity
    #[arg(long, conflicts_with_all = ["read_units", "write_units"])]
    on_demand: bool,
    /// Read units for the table and for each of its 4 indexes [default: 5, the free tier's 25 in all]
    #[arg(long, value_name = "N")]
    read_units: Option<i64>,
    /// Write units for the table and for each of its 4 indexes [default: 5, the free tier's 25 in all]
    #[arg(long, value_name = "N")]
    write_units: Option<i64>,
}

pub async fn run(config: &ConfigArgs, command: Command) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let Spec::Dynamo(table) = Spec::parse(&config.store)? else {
        anyhow::bail!(
            "`trogs table` works on a DynamoDB table: pass --store dynamodb://TABLE (the store is {})",
            config.store
        );
    };
    let store = Store::dynamo(&table, &config.open_options()).await?;
    let engine = store.dynamo_engine().expect("a DynamoDB store");
    match command {
        Command::Create(args) => {
            let capacity = if args.on_demand {
                Capacity::OnDemand
            } else {
                let Capacity::Provisioned { read, write } = Capacity::FREE_TIER else {
                    unreachable!()
                };
                Capacity::Provisioned {
                    read: args.read_units.unwrap_or(read),
                    write: args.write_units.unwrap_or(write),
                }
            };
            if let Capacity::Provisioned { read, write } = capacity
                && (read * 5 > 25 || write * 5 > 25)
            {
                eprintln!(
                    "note: {} read and {} write units in all are more than the free tier's 25 and 25",
                    read * 5,
                    write * 5
                );
            }
            match engine
                .create_table(capacity)
                .await
                .with_context(|| format!("creating {}", store.describe()))?
            {
                Created::New(capacity) => {
                    println!("created {} ({capacity})", store.describe())
                }
                Created::Existing => println!(
                    "{} exists already and matches the catalog layout; nothing changed",
                    store.describe()
                ),
            }
        }
        Command::Check => {
            let differences = engine
                .check_table()
                .await
                .with_context(|| format!("checking {}", store.describe()))?;
            if differences.is_empty() {
                println!(
                    "{} matches the catalog layout: key PK/SK and the indexes IX_ARTISTS_ALBUMS, IX_ARTIST_CONTENT, IX_ARTISTS_BY_OWNER (all attributes) and IX_ARTISTS_NAMES (keys only)",
                    store.describe()
                );
            } else {
                for d in &differences {
                    println!("- {d}");
                }
                anyhow::bail!(
                    "{} does not match the catalog layout: {} difference{}",
                    store.describe(),
                    differences.len(),
                    if differences.len() == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(())
}
