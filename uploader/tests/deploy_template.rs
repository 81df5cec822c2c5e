//! The AWS template (`deploy/aws/template.yaml`) read as data: the settings
//! that keep artists' files and the catalog safe, and CloudFront's
//! behaviours compared with the service's own route list, so a new route
//! can't be left out of the deployment. cfn-lint (run by `scripts/test`)
//! checks that it is valid CloudFormation; this checks that it is Trogs'.

use clap::CommandFactory;
use serde_yaml_ng::Value;
use std::collections::BTreeSet;

/// CloudFront's managed policies, by id.
const CACHING_DISABLED: &str = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST: &str = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

/// Routes the service answers that CloudFront deliberately leaves to
/// something else, each with the reason.
const NOT_PROXIED: &[(&str, &str, &str)] = &[
    (
        "GET",
        "/",
        "the site's home page (index.html) owns /; the Create section starts at /create",
    ),
    (
        "GET",
        "/dev/login",
        "the local sign-in form answers only in --dev mode, which binds loopback",
    ),
    ("POST", "/dev/login", "as GET /dev/login"),
];

/// Paths that must never be served: staged uploads (media/uploads/), the
/// publisher's work files (.trogs/) and the dev server's own (_trogs/).
const NEVER_SERVED: &[&str] = &[
    "/media/uploads/0123456789abcdef",
    "/media/uploads/0123456789abcdef.tail.1",
    "/.trogs/manifest.json",
    "/.trogs/journal",
    "/_trogs/live-reload",
];

fn template() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/aws/template.yaml");
    let text = std::fs::read_to_string(path).expect("deploy/aws/template.yaml is readable");
    serde_yaml_ng::from_str(&text).expect("the template is YAML")
}

/// The value under a CloudFormation tag (`!Sub x` is x), or the value.
fn untag(v: &Value) -> &Value {
    match v {
        Value::Tagged(t) => &t.value,
        v => v,
    }
}

fn tag(v: &Value) -> Option<String> {
    match v {
        Value::Tagged(t) => Some(t.tag.to_string()),
        _ => None,
    }
}

fn text(v: &Value) -> &str {
    untag(v)
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, found {v:?}"))
}

fn list(v: &Value) -> &Vec<Value> {
    untag(v)
        .as_sequence()
        .unwrap_or_else(|| panic!("expected a list, found {v:?}"))
}

fn resource<'a>(t: &'a Value, name: &str) -> &'a Value {
    let r = &t["Resources"][name];
    assert!(!r.is_null(), "the template has no resource {name}");
    r
}

fn of_type<'a>(t: &'a Value, kind: &str) -> Vec<(String, &'a Value)> {
    t["Resources"]
        .as_mapping()
        .expect("Resources")
        .iter()
        .filter(|(_, r)| r["Type"].as_str() == Some(kind))
        .map(|(k, r)| (k.as_str().expect("a name").to_string(), r))
        .collect()
}

/// `!Ref NAME` names NAME.
fn refers_to(v: &Value, name: &str) -> bool {
    tag(v).as_deref() == Some("!Ref") && text(v) == name
}

fn is_true(v: &Value) -> bool {
    untag(v).as_bool() == Some(true)
}

/// CloudFront's path patterns: `*` any run of characters, `?` one.
fn matches(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len()).any(|i| go(rest, &s[i..])),
            Some((b'?', rest)) => !s.is_empty() && go(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

fn distribution(t: &Value) -> &Value {
    &resource(t, "Distribution")["Properties"]["DistributionConfig"]
}

/// The behaviour CloudFront picks for `path`: the first pattern that
/// matches, else the default.
fn behaviour<'a>(t: &'a Value, path: &str) -> &'a Value {
    let config = distribution(t);
    list(&config["CacheBehaviors"])
        .iter()
        .find(|b| matches(text(&b["PathPattern"]), path))
        .unwrap_or(&config["DefaultCacheBehavior"])
}

/// A request path for an axum route: `{id}` and `{*file}` filled in.
fn sample_path(route: &str) -> String {
    route
        .split('/')
        .map(|part| match part {
            p if p.starts_with("{*") => "app/create.js".to_string(),
            p if p.starts_with('{') => "x1".to_string(),
            p => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn not_served(b: &Value) -> bool {
    b["FunctionAssociations"].as_sequence().is_some_and(|fs| {
        fs.iter().any(|f| {
            text(&f["EventType"]) == "viewer-request"
                && tag(&f["FunctionARN"]).as_deref() == Some("!GetAtt")
                && text(&f["FunctionARN"]) == "NotServed.FunctionARN"
        })
    })
}

/// The media store's key prefix, from the function's TROGS_MEDIA
/// (`s3://${MediaBucket}/media`): `media/`.
fn media_prefix(t: &Value) -> String {
    let media =
        text(&resource(t, "Function")["Properties"]["Environment"]["Variables"]["TROGS_MEDIA"]);
    let prefix = media
        .strip_prefix("s3://${MediaBucket}/")
        .unwrap_or_else(|| panic!("TROGS_MEDIA is {media}, not in the media bucket"));
    format!("{}/", prefix.trim_end_matches('/'))
}

#[test]
fn every_route_the_service_answers_reaches_it_through_cloudfront() {
    let t = template();
    let routes = trogs_uploader::app::routes();
    let mut missing = Vec::new();
    for (method, route) in &routes {
        let path = sample_path(route);
        let b = behaviour(&t, &path);
        if NOT_PROXIED
            .iter()
            .any(|(m, r, _)| m == method && r == route)
        {
            assert_ne!(
                text(&b["TargetOriginId"]),
                "uploader",
                "{method} {route} is listed as not proxied, but {path} reaches the upload service"
            );
            continue;
        }
        if text(&b["TargetOriginId"]) != "uploader" {
            missing.push(format!("{method} {route} (as {path})"));
            continue;
        }
        let methods: Vec<&str> = list(&b["AllowedMethods"]).iter().map(text).collect();
        assert!(
            methods.contains(method),
            "{method} {route}: its behaviour allows only {methods:?}"
        );
        assert_eq!(
            text(&b["CachePolicyId"]),
            CACHING_DISABLED,
            "{route}: the upload service's answers are never cached"
        );
        assert_eq!(
            text(&b["OriginRequestPolicyId"]),
            ALL_VIEWER_EXCEPT_HOST,
            "{route}: cookies, headers and query strings reach the service (not Host, which a Function URL needs)"
        );
    }
    assert!(
        missing.is_empty(),
        "routes of the upload service no CloudFront behaviour sends to it (add a CacheBehavior \
         with TargetOriginId uploader in deploy/aws/template.yaml): {missing:#?}"
    );
    // The exceptions are routes that exist, so the list can't rot.
    for (method, route, why) in NOT_PROXIED {
        assert!(
            routes.iter().any(|(m, r)| m == method && r == route),
            "NOT_PROXIED lists {method} {route} ({why}), which the service no longer answers"
        );
    }
    // And every behaviour to the service serves some route of it.
    for b in list(&distribution(&t)["CacheBehaviors"]) {
        if text(&b["TargetOriginId"]) == "uploader" {
            let pattern = text(&b["PathPattern"]);
            assert!(
                routes
                    .iter()
                    .any(|(_, r)| matches(pattern, &sample_path(r))),
                "the behaviour {pattern} sends to the upload service paths it doesn't answer"
            );
        }
    }
}

#[test]
fn the_upload_origin_is_the_function_url_with_the_origin_secret() {
    let t = template();
    let origins = list(&distribution(&t)["Origins"]);
    let uploader = origins
        .iter()
        .find(|o| text(&o["Id"]) == "uploader")
        .expect("an origin named uploader");
    let domain = format!("{:?}", uploader["DomainName"]);
    assert!(
        domain.contains("FunctionUrl.FunctionUrl"),
        "the upload origin is the Function URL's host, found {domain}"
    );
    assert_eq!(
        text(&uploader["CustomOriginConfig"]["OriginProtocolPolicy"]),
        "https-only"
    );
    let headers = list(&uploader["OriginCustomHeaders"]);
    let secret = headers
        .iter()
        .find(|h| text(&h["HeaderName"]) == "X-Trogs-Origin")
        .expect("CloudFront sends the origin secret header");
    assert!(refers_to(&secret["HeaderValue"], "OriginSecret"));
    assert!(
        is_true(&t["Parameters"]["OriginSecret"]["NoEcho"]),
        "the origin secret is a NoEcho parameter"
    );
    // The site and media buckets are read through origin access control.
    for id in ["site", "media"] {
        let o = origins
            .iter()
            .find(|o| text(&o["Id"]) == id)
            .unwrap_or_else(|| panic!("an origin named {id}"));
        assert_eq!(text(&o["OriginAccessControlId"]), "BucketAccess.Id");
    }
}

#[test]
fn staged_uploads_and_work_files_are_never_served() {
    let t = template();
    for path in NEVER_SERVED {
        let b = behaviour(&t, path);
        assert!(
            not_served(b),
            "{path} is served (its behaviour is {:?})",
            b["PathPattern"]
        );
    }
    let code = text(&resource(&t, "NotServed")["Properties"]["FunctionCode"]);
    assert!(
        code.contains("statusCode: 404"),
        "NotServed answers 404: {code}"
    );

    // The prefixes are the code's own.
    let staging = format!(
        "{}{}",
        media_prefix(&t),
        trogs_uploader::upload::STAGING_PREFIX
    );
    assert_eq!(staging, "media/uploads/");
    let manifest = trogs::publish::manifest::MANIFEST_PATH;
    let work = &manifest[..manifest.find('/').expect("a folder") + 1];

    // The buckets refuse them to CloudFront too.
    let denies = |policy: &str, key: &str| {
        list(&resource(&t, policy)["Properties"]["PolicyDocument"]["Statement"])
            .iter()
            .any(|s| {
                text(&s["Effect"]) == "Deny"
                    && text(&s["Action"]) == "s3:GetObject"
                    && text(&s["Resource"]).ends_with(&format!("/{key}*"))
            })
    };
    assert!(
        denies("MediaBucketPolicy", &staging),
        "media bucket policy denies {staging}"
    );
    assert!(
        denies("SiteBucketPolicy", work),
        "site bucket policy denies {work}"
    );

    // What pages play is served: originals and renditions (_trogs/).
    for path in ["/media/art/a/song.wav", "/media/_trogs/art/a/song.opus"] {
        let b = behaviour(&t, path);
        assert_eq!(text(&b["TargetOriginId"]), "media", "{path}");
        assert!(!not_served(b), "{path} is served");
    }
}

#[test]
fn the_site_is_cached_as_it_is_published() {
    let t = template();
    let config = distribution(&t);
    assert_eq!(text(&config["DefaultRootObject"]), "index.html");
    assert_eq!(text(&config["HttpVersion"]), "http2and3");
    let not_found = list(&config["CustomErrorResponses"])
        .iter()
        .find(|e| untag(&e["ErrorCode"]).as_u64() == Some(404))
        .expect("a custom 404");
    assert_eq!(text(&not_found["ResponsePagePath"]), "/404.html");
    assert_eq!(untag(&not_found["ResponseCode"]).as_u64(), Some(404));

    let ttl = |policy: &str| {
        untag(&resource(&t, policy)["Properties"]["CachePolicyConfig"]["DefaultTTL"])
            .as_u64()
            .unwrap()
    };
    let max_age = |header: &str| -> u64 {
        header
            .split(", ")
            .find_map(|d| d.strip_prefix("max-age="))
            .unwrap()
            .parse()
            .unwrap()
    };
    let page = behaviour(&t, "/album/abc");
    assert_eq!(text(&page["TargetOriginId"]), "site");
    assert!(refers_to(&page["CachePolicyId"], "PagesCache"));
    assert_eq!(ttl("PagesCache"), max_age(trogs::publish::s3::PAGE_CACHE));
    let asset = behaviour(&t, "/assets/site.0123abcd.css");
    assert_eq!(text(&asset["TargetOriginId"]), "site");
    assert!(refers_to(&asset["CachePolicyId"], "AssetsCache"));
    assert_eq!(ttl("AssetsCache"), max_age(trogs::publish::s3::ASSET_CACHE));

    // Every served answer is compressed and carries the security headers.
    let mut behaviours = list(&config["CacheBehaviors"]).clone();
    behaviours.push(config["DefaultCacheBehavior"].clone());
    for b in behaviours.iter().filter(|b| !not_served(b)) {
        assert!(is_true(&b["Compress"]), "{:?} compresses", b["PathPattern"]);
        assert!(refers_to(&b["ResponseHeadersPolicyId"], "SecurityHeaders"));
        assert_eq!(text(&b["ViewerProtocolPolicy"]), "redirect-to-https");
    }
    let headers = &resource(&t, "SecurityHeaders")["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"];
    assert!(
        untag(&headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"])
            .as_u64()
            .unwrap()
            >= 31_536_000
    );
    assert!(is_true(&headers["ContentTypeOptions"]["Override"]));
    assert!(!text(&headers["ReferrerPolicy"]["ReferrerPolicy"]).is_empty());
}

#[test]
fn every_bucket_blocks_public_access_and_is_encrypted() {
    let t = template();
    let buckets = of_type(&t, "AWS::S3::Bucket");
    let names: BTreeSet<&str> = buckets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["LogsBucket", "MediaBucket", "SiteBucket"])
    );
    for (name, b) in &buckets {
        let p = &b["Properties"];
        for setting in [
            "BlockPublicAcls",
            "BlockPublicPolicy",
            "IgnorePublicAcls",
            "RestrictPublicBuckets",
        ] {
            assert!(
                is_true(&p["PublicAccessBlockConfiguration"][setting]),
                "{name}: {setting}"
            );
        }
        let encryption = list(&p["BucketEncryption"]["ServerSideEncryptionConfiguration"]);
        assert!(!encryption.is_empty(), "{name} is encrypted");
        let rules = list(&p["LifecycleConfiguration"]["Rules"]);
        assert!(
            rules.iter().any(|r| untag(
                &r["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]
            )
            .as_u64()
                == Some(1)),
            "{name} aborts incomplete multipart uploads after a day"
        );
    }
}

#[test]
fn media_is_versioned_and_staging_expires() {
    let t = template();
    let media = resource(&t, "MediaBucket");
    assert_eq!(text(&media["DeletionPolicy"]), "Retain");
    let p = &media["Properties"];
    assert_eq!(text(&p["VersioningConfiguration"]["Status"]), "Enabled");
    let rules = list(&p["LifecycleConfiguration"]["Rules"]);
    assert!(
        rules.iter().any(|r| r["Prefix"].is_null()
            && refers_to(
                &r["NoncurrentVersionExpiration"]["NoncurrentDays"],
                "MediaNoncurrentDays"
            )),
        "old versions of every media object expire after MediaNoncurrentDays"
    );
    let staging = format!(
        "{}{}",
        media_prefix(&t),
        trogs_uploader::upload::STAGING_PREFIX
    );
    let rule = rules
        .iter()
        .find(|r| r["Prefix"].as_str() == Some(staging.as_str()))
        .unwrap_or_else(|| panic!("a lifecycle rule for {staging}"));
    assert!(refers_to(&rule["ExpirationInDays"], "StagingExpiryDays"));
    let days = untag(&t["Parameters"]["StagingExpiryDays"]["Default"])
        .as_u64()
        .unwrap();
    assert!(
        days * 24 > u64::from(trogs_uploader::quotas::DEFAULT_UPLOAD_HOURS),
        "staged uploads outlive an upload's deadline"
    );
}

#[test]
fn the_table_is_what_table_create_makes() {
    use trogs::store::Index;
    let t = template();
    let table = resource(&t, "Table");
    assert_eq!(text(&table["DeletionPolicy"]), "Retain");
    let p = &table["Properties"];
    let keys = |schema: &Value| -> Vec<(String, String)> {
        list(schema)
            .iter()
            .map(|k| (text(&k["AttributeName"]).into(), text(&k["KeyType"]).into()))
            .collect()
    };
    let want = |index: Index| {
        vec![
            (index.hash_key().to_string(), "HASH".to_string()),
            (index.range_key().to_string(), "RANGE".to_string()),
        ]
    };
    assert_eq!(keys(&p["KeySchema"]), want(Index::Table));
    let mut attributes = vec!["PK", "SK"];
    attributes.extend(Index::GSI_KEY_ATTRIBUTES);
    let defined: Vec<(&str, &str)> = list(&p["AttributeDefinitions"])
        .iter()
        .map(|a| (text(&a["AttributeName"]), text(&a["AttributeType"])))
        .collect();
    assert_eq!(
        defined,
        attributes.iter().map(|a| (*a, "S")).collect::<Vec<_>>()
    );
    let indexes = list(&p["GlobalSecondaryIndexes"]);
    assert_eq!(indexes.len(), trogs::store::dynamo::GSIS.len());
    for index in trogs::store::dynamo::GSIS {
        let name = index.name().unwrap();
        let found = indexes
            .iter()
            .find(|i| text(&i["IndexName"]) == name)
            .unwrap_or_else(|| panic!("the index {name}"));
        assert_eq!(keys(&found["KeySchema"]), want(index), "{name}");
        let projection = if index.keys_only() {
            "KEYS_ONLY"
        } else {
            "ALL"
        };
        assert_eq!(
            text(&found["Projection"]["ProjectionType"]),
            projection,
            "{name}"
        );
        assert_eq!(
            tag(&found["ProvisionedThroughput"]).as_deref(),
            Some("!If"),
            "{name} is provisioned with the table"
        );
    }
    assert!(is_true(
        &p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
    ));
    assert_eq!(
        text(&p["TimeToLiveSpecification"]["AttributeName"]),
        trogs_uploader::session_records::TTL_ATTRIBUTE
    );
    assert!(is_true(&p["TimeToLiveSpecification"]["Enabled"]));
}

#[test]
fn the_function_runs_the_service_with_its_own_settings() {
    let t = template();
    let f = &resource(&t, "Function")["Properties"];
    assert_eq!(text(&f["Runtime"]), "provided.al2023");
    assert!(refers_to(&f["Code"]["S3Bucket"], "CodeBucket"));
    assert!(refers_to(
        &f["EphemeralStorage"]["Size"],
        "EphemeralStorage"
    ));
    let storage = untag(&t["Parameters"]["EphemeralStorage"]["Default"])
        .as_u64()
        .unwrap();
    assert!(storage > 512, "more /tmp than Lambda's 512 MB");
    assert_eq!(text(&f["DeadLetterConfig"]["TargetArn"]), "DeadLetters.Arn");

    // Every variable is a setting the service reads (a *_PARAMETER one
    // names the SSM parameter holding it), and no secret is a value.
    let settings: BTreeSet<String> = trogs_uploader::settings::Args::command()
        .get_arguments()
        .filter_map(|a| a.get_env())
        .map(|e| e.to_string_lossy().into_owned())
        .collect();
    // Read by the Lambda entry point itself (trogs_uploader::lambda), and
    // by the generator's publish once it invalidates CloudFront.
    let lambda_only = [
        trogs_uploader::lambda::ORIGIN_SECRET,
        "TROGS_DISTRIBUTION_ID",
    ];
    let variables = f["Environment"]["Variables"].as_mapping().unwrap();
    for (name, value) in variables {
        let name = name.as_str().unwrap();
        let setting = name.strip_suffix("_PARAMETER").unwrap_or(name);
        assert!(
            settings.contains(setting) || lambda_only.contains(&setting),
            "{name} is no setting of trogs-uploader"
        );
        if name.ends_with("_PARAMETER") {
            assert!(
                text(value).starts_with("/trogs/${AWS::StackName}/"),
                "{name} names one of the stack's parameters"
            );
        }
    }
    for secret in [
        "TROGS_SESSION_KEY",
        "TROGS_OIDC_CLIENT_SECRET",
        "TROGS_ORIGIN_SECRET",
    ] {
        assert!(variables.get(secret).is_none(), "{secret} is never a value");
        assert!(
            variables.get(format!("{secret}_PARAMETER")).is_some(),
            "{secret} is read from SSM"
        );
    }

    let url = &resource(&t, "FunctionUrl")["Properties"];
    assert_eq!(text(&url["AuthType"]), "NONE");
    let permissions = of_type(&t, "AWS::Lambda::Permission");
    let public = |action: &str| {
        permissions.iter().any(|(_, p)| {
            let p = &p["Properties"];
            text(&p["Action"]) == action && text(&p["Principal"]) == "*"
        })
    };
    assert!(public("lambda:InvokeFunctionUrl") && public("lambda:InvokeFunction"));
    let sweeper = &resource(&t, "Sweeper")["Properties"];
    assert!(text(&sweeper["ScheduleExpression"]).starts_with("rate("));
    assert_eq!(text(&list(&sweeper["Targets"])[0]["Arn"]), "Function.Arn");
}

#[test]
fn github_roles_are_limited_to_main_of_one_repository() {
    let t = template();
    for role in ["SiteRole", "DeployRole"] {
        let statements =
            list(&resource(&t, role)["Properties"]["AssumeRolePolicyDocument"]["Statement"]);
        assert_eq!(statements.len(), 1, "{role} trusts one principal");
        let s = &statements[0];
        assert_eq!(text(&s["Action"]), "sts:AssumeRoleWithWebIdentity");
        let equals = &s["Condition"]["StringEquals"];
        assert_eq!(
            text(&equals["token.actions.githubusercontent.com:sub"]),
            "repo:${GitHubRepository}:ref:refs/heads/main",
            "{role}"
        );
        assert_eq!(
            text(&equals["token.actions.githubusercontent.com:aud"]),
            "sts.amazonaws.com"
        );
    }
    // The deploy role acts through CloudFormation's service role and
    // holds no IAM right but passing that one role.
    let deploy = format!("{:?}", resource(&t, "DeployRole")["Properties"]["Policies"]);
    assert!(deploy.contains("CloudFormationRole.Arn"));
    assert!(!deploy.contains("iam:CreateRole") && !deploy.contains("iam:Put"));
    let provider = resource(&t, "GitHubProvider");
    assert_eq!(text(&provider["Condition"]), "CreateGitHubProvider");
    assert_eq!(
        text(&provider["Properties"]["Url"]),
        "https://token.actions.githubusercontent.com"
    );
}

#[test]
fn the_service_sees_the_host_the_viewer_asked_for() {
    let t = template();
    let code = text(&resource(&t, "ViewerHost")["Properties"]["FunctionCode"]);
    assert!(
        code.contains(&format!(
            "request.headers['{}']",
            trogs_uploader::lambda::http::VIEWER_HOST_HEADER
        )) && code.contains("request.headers.host"),
        "ViewerHost copies Host into the header the service reads: {code}"
    );
    let behaviours = list(&distribution(&t)["CacheBehaviors"]);
    let mut count = 0;
    for b in behaviours
        .iter()
        .filter(|b| text(&b["TargetOriginId"]) == "uploader")
    {
        count += 1;
        let runs = b["FunctionAssociations"].as_sequence().is_some_and(|fs| {
            fs.iter().any(|f| {
                text(&f["EventType"]) == "viewer-request"
                    && text(&f["FunctionARN"]) == "ViewerHost.FunctionARN"
            })
        });
        assert!(
            runs,
            "{} reaches the service without ViewerHost",
            text(&b["PathPattern"])
        );
    }
    assert!(count >= 8, "the upload service's behaviours: {count}");
}
