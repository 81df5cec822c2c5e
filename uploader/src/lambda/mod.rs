//! The upload service as an AWS Lambda function. The same binary runs here
//! when the Lambda runtime starts it (`AWS_LAMBDA_RUNTIME_API` is set):
//! settings come from the environment and SSM at cold start, Function URL
//! events go through the service's router, and job events
//! (`{"trogs-job": ...}`, sent by the function itself and the schedule)
//! to the job runner.

pub mod http;
pub mod jobs;
pub mod parameters;

use std::sync::Arc;

use anyhow::Context as _;
use lambda_http::aws_lambda_events::apigw::ApiGatewayV2httpRequest;
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::Value;

use crate::state::App;
use http::OriginSecrets;

/// Set by the Lambda runtime: the address of its Runtime API.
pub const RUNTIME_API: &str = "AWS_LAMBDA_RUNTIME_API";
/// Set by the Lambda runtime: the function's own name, which jobs invoke.
pub const FUNCTION_NAME: &str = "AWS_LAMBDA_FUNCTION_NAME";
/// The largest tus chunk the Create page sends in Lambda mode: a Function
/// URL takes at most 6 MB and hands binary bodies base64-encoded (4 bytes
/// for 3), so S3's 5 MiB part would arrive as about 7 MB.
pub const MAX_CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// The setting holding the origin secret (one value, or two while rotating).
pub const ORIGIN_SECRET: &str = "TROGS_ORIGIN_SECRET";

/// Whether this process was started by the Lambda runtime (the binary's
/// entry point asks; the service reads what differs from its settings).
pub fn is_lambda() -> bool {
    std::env::var_os(RUNTIME_API).is_some()
}

/// What every invocation shares once the cold start is done.
struct Function {
    app: Arc<App>,
    router: axum::Router,
    secrets: OriginSecrets,
    sweeping: crate::pending::Sweeping,
}

/// Cold start, then invocations until the runtime stops the process. A
/// cold start that fails (a missing parameter, a bad setting) ends the
/// process with the reason, which Lambda writes to the function's log.
pub async fn run() -> anyhow::Result<()> {
    let function = Arc::new(cold_start().await?);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let function = Arc::clone(&function);
        async move { function.handle(event.payload).await }
    }))
    .await
    .map_err(|e| anyhow::anyhow!("the Lambda runtime stopped: {e}"))
}

async fn cold_start() -> anyhow::Result<Function> {
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let ssm = aws_sdk_ssm::Client::new(&aws);
    let named = parameters::named(std::env::vars());
    let values = parameters::read(&ssm, &named).await?;
    let (args, by_name) = parameters::apply(std::env::args_os().collect(), &values)?;
    let secret = values
        .get(ORIGIN_SECRET)
        .cloned()
        .or_else(|| std::env::var(ORIGIN_SECRET).ok())
        .filter(|s| !s.is_empty())
        .with_context(|| {
            format!(
                "no origin secret: set {ORIGIN_SECRET}_PARAMETER to the SSM parameter holding the \
                 value CloudFront sends in X-Trogs-Origin"
            )
        })?;
    let secrets = OriginSecrets::parse(&secret)
        .map_err(anyhow::Error::msg)
        .context(ORIGIN_SECRET)?;
    let mut settings = args.resolve_with(|name| {
        by_name
            .get(name)
            .cloned()
            .or_else(|| std::env::var(name).ok())
            .filter(|v| !v.is_empty())
    })?;
    settings.upload_chunk = Some(MAX_CHUNK_BYTES);
    anyhow::ensure!(
        !settings.dev,
        "--dev mode is for one machine; it does not run on Lambda"
    );
    let sweeping = crate::pending::Sweeping::read(|name| {
        by_name
            .get(name)
            .cloned()
            .or_else(|| std::env::var(name).ok())
            .filter(|v| !v.is_empty())
    })
    .map_err(anyhow::Error::msg)?;
    let function_name = std::env::var(FUNCTION_NAME)
        .with_context(|| format!("{FUNCTION_NAME} is not set (the Lambda runtime sets it)"))?;
    crate::jobs::install(&aws, function_name);
    let app = Arc::new(App::open(settings, None).await?);
    crate::jobs::keep_pending(app.store.clone());
    crate::app::name_rule(&app).await;
    let router = crate::app::router(Arc::clone(&app));
    tracing::info!(
        public_url = %app.settings.public_url,
        parameters = named.len(),
        "cold start done"
    );
    Ok(Function {
        app,
        router,
        secrets,
        sweeping,
    })
}

impl Function {
    async fn handle(&self, payload: Value) -> Result<Value, lambda_runtime::Error> {
        if payload.get("trogs-job").is_some() {
            let job: crate::jobs::Job = serde_json::from_value(payload.clone()).map_err(|e| {
                format!("the job event {payload} is not one this function knows ({e})")
            })?;
            tracing::info!(?job, "job started");
            return match jobs::run(&self.app, &self.sweeping, job.clone()).await {
                Ok(done) => {
                    tracing::info!(?job, "{done}");
                    if let Some(id) = crate::jobs::pending_of(&payload)
                        && let Err(e) = crate::pending::done(&self.app.store, &id, &job).await
                    {
                        // The next sweep runs it again, which does no harm.
                        tracing::warn!(?job, error = %e, "the job's pending record was not removed");
                    }
                    Ok(serde_json::json!({ "done": done }))
                }
                Err(e) => {
                    tracing::error!(?job, error = %e, "job failed; Lambda tries it again");
                    Err(e.into())
                }
            };
        }
        let event: ApiGatewayV2httpRequest = serde_json::from_value(payload).map_err(|e| {
            format!("this function takes Function URL events (payload 2.0) and its own job events; this one is neither ({e})")
        })?;
        let answer = http::respond(self.router.clone(), &self.secrets, event).await;
        Ok(serde_json::to_value(answer)?)
    }
}
