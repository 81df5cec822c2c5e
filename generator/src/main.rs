fn main() -> anyhow::Result<()> {
    trogs::cli::main()
}
