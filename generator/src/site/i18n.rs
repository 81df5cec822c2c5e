//! The theme's words in the site's language: one Fluent file per language
//! (`locales/{tag}.ftl`), a theme's own files overriding the default
//! theme's message by message, and the `{{t "key" …}}` helper.
//! Messages without arguments are formatted once when the theme loads;
//! messages with arguments (plurals, names) are formatted when a page asks,
//! and kept per argument.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, ScopedJson,
};
use unic_langid::{CharacterDirection, LanguageIdentifier};

use super::escape::{escape_html, needs_escape};

/// The language every theme has, and what a site without a translation of
/// its own language gets.
pub const FALLBACK: &str = "en";

#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    #[error("{path}: the file name is not a language tag; name it like en.ftl or pt-BR.ftl")]
    BadName { path: String },
    #[error("{path}: {detail}; see https://projectfluent.org/fluent/guide/ for the syntax")]
    Syntax { path: String, detail: String },
    #[error("the theme has no {FALLBACK}.ftl: every language falls back to English")]
    NoFallback,
}

/// One `.ftl` file: where it came from (for messages) and its text.
pub struct LocaleFile {
    pub path: String,
    /// The file stem: `en`, `pt-BR`.
    pub tag: String,
    pub text: String,
}

/// Every language a theme speaks.
pub struct Locales {
    languages: Vec<Arc<Language>>,
}

/// The messages of one language, English filling any gap.
pub struct Language {
    /// The tag of the `.ftl` file: `en`, `pt-BR`.
    pub tag: String,
    /// `ltr` or `rtl`: the direction of the language's script.
    pub dir: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// Every message without arguments, already formatted.
    statics: HashMap<String, String>,
    /// The same, HTML-escaped: what `{{t "key"}}` writes.
    statics_html: HashMap<String, String>,
    /// Messages with arguments, by key and arguments (looked up for most
    /// pages, so with a cheaper hasher than SipHash).
    formatted: RwLock<HashMap<Vec<u8>, Arc<Pattern>, foldhash::fast::RandomState>>,
}

/// A message with arguments, formatted for one set of numbers: the plain
/// pattern (text arguments as markers) and its HTML-escaped pieces, so a
/// page writes it without escaping or searching it again.
pub struct Pattern {
    plain: Arc<str>,
    html: Vec<Piece>,
}

/// A piece of an escaped pattern: escaped text, or the place of a text
/// argument (by its place among the arguments).
enum Piece {
    Text(String),
    Arg(usize),
}

impl Pattern {
    fn new(plain: &str) -> Pattern {
        // The same walk as `fill`, over the escaped pattern (escaping
        // leaves the markers as they are).
        let escaped = escape_html(plain);
        let mut html = Vec::new();
        let mut text = String::new();
        let mut rest = escaped.as_str();
        while let Some(at) = rest.find('\u{E000}') {
            text.push_str(&rest[..at]);
            let after = &rest[at + '\u{E000}'.len_utf8()..];
            let Some(end) = after.find('\u{E001}') else {
                text.push_str(&rest[at..]);
                rest = "";
                break;
            };
            if let Ok(i) = after[..end].parse::<usize>() {
                html.push(Piece::Text(std::mem::take(&mut text)));
                html.push(Piece::Arg(i));
            }
            rest = &after[end + '\u{E001}'.len_utf8()..];
        }
        text.push_str(rest);
        html.push(Piece::Text(text));
        html.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
        Pattern {
            plain: Arc::from(plain),
            html,
        }
    }

    /// The pattern, text arguments standing as markers.
    pub fn plain(&self) -> &Arc<str> {
        &self.plain
    }

    /// Writes the escaped pattern with each text argument of `args` put in
    /// by `put` (which escapes it); the same text as `fill` gives for the
    /// escaped pattern.
    fn write_html(
        &self,
        args: &[(&str, Arg<'_>)],
        out: &mut dyn Output,
        put: impl Fn(&str, &mut dyn Output) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        for piece in &self.html {
            match piece {
                Piece::Text(t) => out.write(t)?,
                Piece::Arg(i) => {
                    if let Some((_, Arg::Text(s))) = args.get(*i) {
                        put(s, out)?;
                    }
                }
            }
        }
        Ok(())
    }
}

thread_local! {
    /// The language of the page this thread is rendering, when the
    /// renderer names it (`Language::rendering`).
    static RENDERING: Cell<*const Language> = const { Cell::new(std::ptr::null()) };
}

/// While held, `{{t}}` on this thread speaks the language it was made
/// from instead of looking the page's language up in its context; dropped,
/// the thread goes back to what it had.
pub struct Rendering {
    previous: *const Language,
}

impl Drop for Rendering {
    fn drop(&mut self) {
        RENDERING.with(|r| r.set(self.previous));
    }
}

impl Locales {
    /// The languages of `defaults` (the default theme's files), each
    /// message overridden by `own` (a theme's files) where it has it.
    pub fn new(defaults: Vec<LocaleFile>, own: Vec<LocaleFile>) -> Result<Locales, LocaleError> {
        let mut tags: Vec<String> = defaults.iter().chain(&own).map(|f| f.tag.clone()).collect();
        tags.sort();
        tags.dedup();
        if !tags.iter().any(|t| t == FALLBACK) {
            return Err(LocaleError::NoFallback);
        }
        let parse = |f: &LocaleFile| -> Result<(String, FluentResource), LocaleError> {
            let res = FluentResource::try_new(f.text.clone()).map_err(|(_, errors)| {
                LocaleError::Syntax {
                    path: f.path.clone(),
                    detail: errors
                        .iter()
                        .map(|e| format!("{e:?}"))
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })?;
            Ok((f.tag.clone(), res))
        };
        let defaults = defaults.iter().map(parse).collect::<Result<Vec<_>, _>>()?;
        let own = own.iter().map(parse).collect::<Result<Vec<_>, _>>()?;
        let mut languages = Vec::new();
        for tag in tags {
            let id: LanguageIdentifier = tag.parse().map_err(|_| LocaleError::BadName {
                path: format!("locales/{tag}.ftl"),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
            // Fluent's isolation marks would land in HTML too, where pages
            // isolate artists' text with `dir="auto"` and `<bdi>`; plain
            // text gets its marks from `Language::say`.
            bundle.set_use_isolating(false);
            // English first, so a message a translation lacks is still
            // said; then the language itself; the theme's own over each.
            let mut keys = Vec::new();
            for (set, lang) in [
                (&defaults, FALLBACK),
                (&own, FALLBACK),
                (&defaults, tag.as_str()),
                (&own, tag.as_str()),
            ] {
                if lang != FALLBACK && tag == FALLBACK {
                    break;
                }
                for (t, res) in set.iter() {
                    if t != lang {
                        continue;
                    }
                    for entry in res.entries() {
                        if let fluent_syntax::ast::Entry::Message(m) = entry {
                            keys.push(m.id.name.to_string());
                        }
                    }
                    bundle.add_resource_overriding(clone_resource(res));
                }
            }
            keys.sort();
            keys.dedup();
            let mut statics = HashMap::new();
            for key in keys {
                let Some(pattern) = bundle.get_message(&key).and_then(|m| m.value()) else {
                    continue;
                };
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() {
                    statics.insert(key, text.into_owned());
                }
            }
            let statics_html = statics
                .iter()
                .map(|(k, v)| (k.clone(), escape_html(v)))
                .collect();
            let dir = match id.character_direction() {
                CharacterDirection::RTL => "rtl",
                _ => "ltr",
            };
            languages.push(Arc::new(Language {
                tag,
                dir,
                bundle,
                statics,
                statics_html,
                formatted: RwLock::new(HashMap::default()),
            }));
        }
        Ok(Locales { languages })
    }

    /// The tags of the languages there are messages for, sorted.
    pub fn tags(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.tag.as_str()).collect()
    }

    /// The language whose messages suit `tag` best (`pt` gets `pt-BR`,
    /// `de-AT` gets `de`), or `None` when there is none.
    pub fn find(&self, tag: &str) -> Option<&Arc<Language>> {
        self.best(&[tag])
    }

    /// The language a site in `tag` is written in, and whether it has its
    /// own messages (when not, English).
    pub fn for_site(&self, tag: &str) -> (&Arc<Language>, bool) {
        match self.find(tag) {
            Some(l) => (l, true),
            None => (self.fallback(), false),
        }
    }

    /// The language an `Accept-Language` header asks for, else `fallback`'s.
    pub fn for_request(&self, accept_language: Option<&str>, fallback: &str) -> &Arc<Language> {
        let asked: Vec<String> = accept_language
            .map(|h| {
                fluent_langneg::accepted_languages::parse(h)
                    .into_iter()
                    .map(|l| l.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let asked: Vec<&str> = asked.iter().map(String::as_str).collect();
        self.best(&asked)
            .unwrap_or_else(|| self.for_site(fallback).0)
    }

    fn best(&self, asked: &[&str]) -> Option<&Arc<Language>> {
        let available: Vec<LanguageIdentifier> = self
            .languages
            .iter()
            .filter_map(|l| l.tag.parse().ok())
            .collect();
        let requested: Vec<LanguageIdentifier> =
            asked.iter().filter_map(|t| t.parse().ok()).collect();
        let found = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            None,
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        let first = found.first()?.to_string();
        self.languages.iter().find(|l| l.tag == first)
    }

    /// The language tagged `tag` exactly, else English: what a page
    /// whose context names its language gets.
    pub fn exactly(&self, tag: &str) -> &Arc<Language> {
        self.languages
            .iter()
            .find(|l| l.tag == tag)
            .unwrap_or_else(|| self.fallback())
    }

    fn fallback(&self) -> &Arc<Language> {
        self.languages
            .iter()
            .find(|l| l.tag == FALLBACK)
            .expect("Locales::new checks there is English")
    }
}

/// The marks `Language::say` puts around a text argument in a
/// right-to-left language's plain text.
pub const FIRST_STRONG_ISOLATE: char = '\u{2068}';
pub const POP_DIRECTIONAL_ISOLATE: char = '\u{2069}';

/// Writes `text` between the two marks.
fn push_isolated(out: &mut String, text: &str) {
    out.push(FIRST_STRONG_ISOLATE);
    out.push_str(text);
    out.push(POP_DIRECTIONAL_ISOLATE);
}

/// The stand-in of the `i`th argument in a formatted pattern: characters
/// of the Private Use Area, which no message has.
fn marker(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

/// `pattern` with each argument's marker replaced by what `put` writes for
/// the argument's text.
pub fn fill(pattern: &str, args: &[(&str, Arg<'_>)], put: impl Fn(&str, &mut String)) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(at) = rest.find('\u{E000}') {
        out.push_str(&rest[..at]);
        let after = &rest[at + '\u{E000}'.len_utf8()..];
        let Some(end) = after.find('\u{E001}') else {
            out.push_str(&rest[at..]);
            rest = "";
            break;
        };
        if let Some((_, Arg::Text(s))) =
            after[..end].parse::<usize>().ok().and_then(|i| args.get(i))
        {
            put(s, &mut out);
        }
        rest = &after[end + '\u{E001}'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// `FluentResource` is not `Clone`; each bundle gets its own parse of the
/// same text.
fn clone_resource(res: &FluentResource) -> FluentResource {
    FluentResource::try_new(res.source().to_string()).unwrap_or_else(|(res, _)| res)
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Language({})", self.tag)
    }
}

/// An argument of a message: a number (plurals pick by it) or text.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Number(f64),
    Text(&'a str),
}

impl Language {
    /// The Open Graph form of the tag: `pt_BR`, `en`.
    pub fn og_locale(&self) -> String {
        self.tag.replace('-', "_")
    }

    /// A message without arguments; `None` when no file has it.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.statics.get(key).map(String::as_str)
    }

    /// The message `key` with `args`, each text argument standing as a
    /// marker (`\u{E000}N\u{E001}`, N its place in `args`) for the caller
    /// to put in, escaped or isolated as the place needs. Kept per key and
    /// numbers, so an artist's name adds nothing to the cache; `None` when
    /// no file has the message.
    pub fn pattern(&self, key: &str, args: &[(&str, Arg<'_>)]) -> Option<Arc<str>> {
        self.formatted(key, args).map(|p| Arc::clone(p.plain()))
    }

    /// What `pattern` gives, with the pattern's escaped pieces beside it.
    fn formatted(&self, key: &str, args: &[(&str, Arg<'_>)]) -> Option<Arc<Pattern>> {
        // Keys and argument names are identifiers (no control characters),
        // and a number is its eight bytes: no two calls share a memo.
        let mut memo = Vec::with_capacity(key.len() + 16 * args.len());
        memo.extend_from_slice(key.as_bytes());
        for (name, value) in args {
            memo.push(1);
            memo.extend_from_slice(name.as_bytes());
            if let Arg::Number(n) = value {
                memo.push(2);
                memo.extend_from_slice(&n.to_bits().to_le_bytes());
            }
        }
        if let Some(found) = self.formatted.read().ok()?.get(&memo) {
            return Some(Arc::clone(found));
        }
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (i, (name, value)) in args.iter().enumerate() {
            match value {
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Text(_) => fluent_args.set(*name, FluentValue::from(marker(i))),
            }
        }
        let mut errors = Vec::new();
        let text = Arc::new(Pattern::new(
            self.bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .as_ref(),
        ));
        if let Ok(mut memo_map) = self.formatted.write() {
            memo_map.insert(memo, Arc::clone(&text));
        }
        Some(text)
    }

    /// Until the guard it returns is dropped, `{{t}}` on this thread speaks
    /// this language without reading the page's (a page's renderer knows
    /// it; reading it from the page's JSON for every message was about a
    /// twentieth of a full build). A theme's helper only takes it when the
    /// language is one of its own.
    pub fn rendering(&self) -> Rendering {
        let previous = RENDERING.with(|r| r.replace(self as *const Language));
        Rendering { previous }
    }

    /// The message `key` as plain text (a `<title>`, a meta description,
    /// an attribute, a feed's summary: places no `<bdi>` can go); the key
    /// itself when no file has it (which the coverage test keeps from
    /// shipping). In a right-to-left language each text argument is
    /// isolated between U+2068 FIRST STRONG ISOLATE and U+2069 POP
    /// DIRECTIONAL ISOLATE, as Fluent does, so a Latin name in an Arabic
    /// sentence keeps its own direction and the punctuation and numbers
    /// around it stay on their side. A left-to-right language gets the
    /// arguments as they are: a Latin page reads the same either way, and
    /// its text stays what it always was.
    pub fn say(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.say_isolating(key, args, self.isolates())
    }

    /// Whether this language's plain text isolates artists' text: a
    /// right-to-left one's does.
    fn isolates(&self) -> bool {
        self.dir == "rtl"
    }

    /// `text` as `say` puts a text argument into plain text: isolated in a
    /// right-to-left language (unless empty), as it is otherwise.
    pub fn isolate<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.isolates() && !text.is_empty() {
            let mut out = String::with_capacity(text.len() + 6);
            push_isolated(&mut out, text);
            out.into()
        } else {
            text.into()
        }
    }

    /// The message `key` with its text arguments as given, never isolated:
    /// for text that lands in an HTML element, where the page isolates
    /// artists' text itself, or whose arguments are the language's own
    /// words (a month's name).
    pub fn say_bare(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.say_isolating(key, args, false)
    }

    fn say_isolating(&self, key: &str, args: &[(&str, Arg<'_>)], isolate: bool) -> String {
        if args.is_empty() {
            return self.text(key).unwrap_or(key).to_string();
        }
        let Some(p) = self.pattern(key, args) else {
            return key.to_string();
        };
        // Fluent leaves a message that is nothing but one argument bare:
        // there is nothing around it to be misordered.
        let alone = p.starts_with('\u{E000}')
            && p.ends_with('\u{E001}')
            && p.matches('\u{E000}').count() == 1;
        if !isolate || alone {
            return fill(&p, args, |s, out| out.push_str(s));
        }
        fill(&p, args, |s, out| {
            if !s.is_empty() {
                push_isolated(out, s);
            }
        })
    }

    /// The message `key` formatted at once with its arguments as they are,
    /// so a text argument can pick a variant (`{ $what -> [title] … }`):
    /// for messages said seldom, such as errors, which are not worth
    /// keeping. `None` when no file has the message.
    pub fn format(&self, key: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(*s)),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }

    /// The keys of every message of this language's bundle that is
    /// written without arguments: what `text` answers.
    pub fn static_keys(&self) -> impl Iterator<Item = &str> {
        self.statics.keys().map(String::as_str)
    }
}

/// The keys a Fluent text defines, and the variables (`$name`) each uses:
/// what the coverage test compares between languages.
pub fn keys_and_variables(text: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let res = FluentResource::try_new(text.to_string()).map_err(|(_, e)| format!("{e:?}"))?;
    let mut out = Vec::new();
    for entry in res.entries() {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            let mut vars = Vec::new();
            if let Some(p) = &m.value {
                pattern_variables(p, &mut vars);
            }
            vars.sort();
            vars.dedup();
            out.push((m.id.name.to_string(), vars));
        }
    }
    Ok(out)
}

fn pattern_variables(p: &fluent_syntax::ast::Pattern<&str>, vars: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn inline(e: &InlineExpression<&str>, vars: &mut Vec<String>) {
        if let InlineExpression::VariableReference { id } = e {
            vars.push(id.name.to_string());
        }
    }
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            match expression {
                Expression::Inline(e) => inline(e, vars),
                Expression::Select { selector, variants } => {
                    inline(selector, vars);
                    for v in variants {
                        pattern_variables(&v.value, vars);
                    }
                }
            }
        }
    }
}

/// Helpers whose output depends on their arguments and the page's language
/// alone: the theme's messages and its assets' URLs. A theme cannot
/// register helpers of its own, so these names always mean these.
const FIXED_HELPERS: [&str; 3] = ["t", "t_attr", "asset"];

/// `registry` with every call of a fixed helper whose arguments are all
/// written in the template (`{{t "key"}}`, `{{t_attr "key" url="{url}"}}`,
/// `{{asset "style.css"}}`) replaced by what the call writes in `language`:
/// the same bytes, without calling a helper on every page. Calls with an
/// argument from the page, subexpressions and calls that fail (an unknown
/// key, which must still fail the page) stay as they are. `language` must
/// be one of the locales the registry's `{{t}}` speaks.
pub fn speaking(registry: &Handlebars<'static>, language: &Language) -> Handlebars<'static> {
    let _speaking = language.rendering();
    let mut speaking = registry.clone();
    for (name, template) in registry.get_templates() {
        let mut template = template.clone();
        if write_fixed_helpers(&mut template, registry) {
            speaking.register_template(name, template);
        }
    }
    speaking
}

/// Replaces the fixed helper calls of `template` (and of the blocks in it)
/// with their output; true when it replaced any. Elements are replaced one
/// for one, so the template's line mapping (for errors) still holds.
fn write_fixed_helpers(
    template: &mut handlebars::Template,
    registry: &Handlebars<'static>,
) -> bool {
    use handlebars::template::TemplateElement;
    let mut changed = false;
    for i in 0..template.elements.len() {
        let written = match &mut template.elements[i] {
            TemplateElement::HelperBlock(ht) => {
                for t in [&mut ht.template, &mut ht.inverse].into_iter().flatten() {
                    changed |= write_fixed_helpers(t, registry);
                }
                None
            }
            TemplateElement::DecoratorBlock(dt) | TemplateElement::PartialBlock(dt) => {
                if let Some(t) = &mut dt.template {
                    changed |= write_fixed_helpers(t, registry);
                }
                None
            }
            _ => fixed_output(template, i, registry),
        };
        if let Some(text) = written {
            template.elements[i] = TemplateElement::RawString(text);
            changed = true;
        }
    }
    changed
}

/// What the `i`th element of `template` writes, when it is a fixed helper
/// called with arguments written in the template: rendered on its own, by
/// the helper itself.
fn fixed_output(
    template: &handlebars::Template,
    i: usize,
    registry: &Handlebars<'static>,
) -> Option<String> {
    use handlebars::Renderable;
    use handlebars::template::{Parameter, TemplateElement};
    let element = &template.elements[i];
    let (TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht)) = element else {
        return None;
    };
    let fixed = matches!(&ht.name, Parameter::Name(n) if FIXED_HELPERS.contains(&n.as_str()));
    let literal = |p: &Parameter| matches!(p, Parameter::Literal(_));
    if !fixed
        || ht.block
        || ht.template.is_some()
        || ht.params.is_empty()
        || !ht.params.iter().chain(ht.hash.values()).all(literal)
    {
        return None;
    }
    let mut alone = handlebars::Template::new();
    alone.elements.push(element.clone());
    alone.mapping.extend(template.mapping.get(i).cloned());
    let ctx = Context::null();
    let mut rc = RenderContext::new(None);
    let mut out = handlebars::StringOutput::new();
    alone.render(registry, &ctx, &mut rc, &mut out).ok()?;
    out.into_string().ok()
}

/// Where a template's root context names its language: the generator's
/// pages say it in `site.locale`, the Create pages in `page.locale`.
pub type LocaleOf = fn(&serde_json::Value) -> Option<&str>;

/// `{{t "key" name=value …}}`: the message `key` in the page's language,
/// HTML-escaped, each text argument isolated in `<bdi>` (an artist's name
/// in another script keeps its own direction). `{{t_attr …}}` is the same
/// for attribute values, where no element may go. As a subexpression
/// (`label=(t_attr "key")`) either gives the plain text, for a partial to
/// escape where it lands. An unknown key fails the render, so a typo
/// cannot ship.
pub fn t_helper(
    locales: Arc<Locales>,
    locale_of: LocaleOf,
    isolate: bool,
) -> Box<dyn HelperDef + Send + Sync> {
    Box::new(Translate {
        locales,
        locale_of,
        isolate,
    })
}

/// A message's arguments, by name, in the order a template gives them.
type Args<'h> = Vec<(&'h str, Arg<'h>)>;

struct Translate {
    locales: Arc<Locales>,
    locale_of: LocaleOf,
    isolate: bool,
}

/// A message as `{{t}}` found it.
enum Found<'s> {
    /// Without arguments: its text, and the same escaped.
    Static { plain: &'s str, html: &'s str },
    /// With arguments: its pattern.
    Formatted(Arc<Pattern>),
}

impl Translate {
    /// The language of the page: the one its renderer names (when it is
    /// one of this theme's), else the one its context names.
    fn language(&self, ctx: &Context) -> &Arc<Language> {
        let rendering = RENDERING.with(Cell::get);
        if !rendering.is_null()
            && let Some(l) = self
                .locales
                .languages
                .iter()
                .find(|l| std::ptr::eq(Arc::as_ptr(l), rendering))
        {
            return l;
        }
        let tag = (self.locale_of)(ctx.data()).unwrap_or(FALLBACK);
        self.locales.exactly(tag)
    }

    /// The message and its arguments.
    fn find<'s, 'h>(
        &'s self,
        h: &'h Helper<'_>,
        ctx: &Context,
    ) -> Result<(Found<'s>, Args<'h>), RenderError> {
        let key = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or_else(|| RenderError::from(RenderErrorReason::ParamNotFoundForIndex("t", 0)))?;
        let language = self.language(ctx);
        let missing = || {
            let tag = (self.locale_of)(ctx.data()).unwrap_or(FALLBACK);
            RenderError::from(RenderErrorReason::Other(format!(
                "the theme has no message {key:?} (looked in locales/{tag}.ftl and locales/{FALLBACK}.ftl)"
            )))
        };
        if h.hash().is_empty() {
            let plain = language.statics.get(key).ok_or_else(missing)?;
            let html = language.statics_html.get(key).ok_or_else(missing)?;
            return Ok((Found::Static { plain, html }, Vec::new()));
        }
        let mut args = Vec::with_capacity(h.hash().len());
        for (name, value) in h.hash() {
            let arg = match value.value() {
                serde_json::Value::Number(n) => Arg::Number(n.as_f64().unwrap_or_default()),
                serde_json::Value::String(s) => Arg::Text(s.as_str()),
                serde_json::Value::Null => Arg::Text(""),
                other => {
                    return Err(RenderErrorReason::Other(format!(
                        "{{{{t {key:?}}}}}: {name} is {other}, not text or a number"
                    ))
                    .into());
                }
            };
            args.push((*name, arg));
        }
        let pattern = language.formatted(key, &args).ok_or_else(missing)?;
        Ok((Found::Formatted(pattern), args))
    }
}

/// What `{{t}}` (`isolate`) or `{{t_attr}}` writes for a message with
/// arguments.
fn write_html(
    pattern: &Pattern,
    args: &[(&str, Arg<'_>)],
    isolate: bool,
    out: &mut dyn Output,
) -> std::io::Result<()> {
    pattern.write_html(args, out, |s, out| {
        if isolate {
            out.write("<bdi>")?;
            write_escaped(s, out)?;
            out.write("</bdi>")
        } else {
            write_escaped(s, out)
        }
    })
}

/// Writes `text` escaped, without a copy when it needs no escaping.
fn write_escaped(text: &str, out: &mut dyn Output) -> std::io::Result<()> {
    if needs_escape(text) {
        out.write(&escape_html(text))
    } else {
        out.write(text)
    }
}

impl HelperDef for Translate {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        match self.find(h, ctx)? {
            (Found::Static { html, .. }, _) => out.write(html)?,
            (Found::Formatted(pattern), args) => write_html(&pattern, &args, self.isolate, out)?,
        }
        Ok(())
    }

    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = match self.find(h, ctx)? {
            (Found::Static { plain, .. }, _) => plain.to_string(),
            (Found::Formatted(pattern), args) => {
                fill(pattern.plain(), &args, |s, out| out.push_str(s))
            }
        };
        Ok(ScopedJson::Derived(serde_json::Value::String(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(tag: &str, text: &str) -> LocaleFile {
        LocaleFile {
            path: format!("locales/{tag}.ftl"),
            tag: tag.into(),
            text: text.into(),
        }
    }

    /// A registry with its static messages written in renders what the
    /// helper renders, in every language, wherever the message stands;
    /// messages with arguments and unknown keys are left to the helper.
    #[test]
    fn static_messages_written_in_render_as_the_helper_does() {
        let locales = Arc::new(
            Locales::new(
                vec![
                    file("en", "play = Play <now> & \"then\"\nby = by { $name }\ntracks = { $count ->\n [one] 1 track\n *[other] { $count } tracks\n}\n"),
                    file("ar", "play = تشغيل\nby = { $name } من\n"),
                ],
                vec![],
            )
            .unwrap(),
        );
        let locale_of: LocaleOf = |root| root.get("site")?.get("locale")?.as_str();
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape_html);
        registry.register_helper("t", t_helper(Arc::clone(&locales), locale_of, true));
        registry.register_helper("t_attr", t_helper(Arc::clone(&locales), locale_of, false));
        registry.register_helper(
            "upper",
            Box::new(
                |h: &Helper<'_>,
                 _: &Handlebars<'_>,
                 _: &Context,
                 _: &mut RenderContext<'_, '_>,
                 out: &mut dyn Output|
                 -> HelperResult {
                    out.write(
                        &h.param(0)
                            .and_then(|p| p.value().as_str())
                            .unwrap_or_default()
                            .to_uppercase(),
                    )?;
                    Ok(())
                },
            ),
        );
        registry
            .register_template_string(
                "page",
                "<p>{{t \"play\"}}|{{{t \"play\"}}}|<b title=\"{{t_attr \"play\"}}\" data-by=\"{{t_attr \"by\" name=\"{name} <&>\"}}\">{{t \"by\" name=who}}{{t \"by\" name=\"<x>\"}}{{t \"tracks\" count=2}}</b>\
                 {{#each items}}<i>{{t \"play\"}} {{this}} {{t \"tracks\" count=@index}}</i>{{else}}{{t \"play\"}}{{/each}}\
                 {{#if who}}{{upper (t_attr \"play\")}}{{else if items}}{{t \"play\"}}{{/if}}</p>",
            )
            .unwrap();
        registry
            .register_template_string("missing", "{{t \"nope\"}}")
            .unwrap();
        for tag in ["en", "ar"] {
            let language = locales.exactly(tag);
            let speaking = speaking(&registry, language);
            let data = serde_json::json!({
                "site": { "locale": tag },
                "who": "Ásta <&>",
                "items": ["a", "b"],
            });
            let expected = registry.render("page", &data).unwrap();
            assert_eq!(speaking.render("page", &data).unwrap(), expected, "{tag}");
            {
                let _speaking = language.rendering();
                assert_eq!(speaking.render("page", &data).unwrap(), expected, "{tag}");
            }
            let raw = |r: &Handlebars<'_>| {
                r.get_template("page")
                    .unwrap()
                    .elements
                    .iter()
                    .filter(|e| matches!(e, handlebars::template::TemplateElement::RawString(_)))
                    .count()
            };
            assert_eq!(raw(&speaking), raw(&registry) + 6, "{tag}");
            assert!(speaking.render("missing", &data).is_err(), "{tag}");
        }
        // The language the renderer names wins over a context naming none.
        let ar = locales.exactly("ar");
        let _speaking = ar.rendering();
        assert_eq!(
            registry
                .render_template("{{t \"play\"}}", &serde_json::json!({}))
                .unwrap(),
            "تشغيل"
        );
    }

    #[test]
    fn plurals_follow_each_language_and_gaps_are_english() {
        let locales = Locales::new(
            vec![
                file("en", "tracks = { $count ->\n [one] 1 track\n *[other] { $count } tracks\n}\nplay = Play\nonly-en = Only English\n"),
                file("ar", "tracks = { $count ->\n [zero] لا مقاطع\n [one] مقطع واحد\n [two] مقطعان\n [few] { $count } مقاطع\n [many] { $count } مقطعًا\n *[other] { $count } مقطع\n}\nplay = تشغيل\n"),
            ],
            vec![file("ar", "play = شغّل\n")],
        )
        .unwrap();
        let ar = locales.find("ar").unwrap();
        assert_eq!(ar.dir, "rtl");
        assert_eq!(ar.text("play"), Some("شغّل"));
        assert_eq!(ar.text("only-en"), Some("Only English"));
        let n = |l: &Language, c: f64| l.say("tracks", &[("count", Arg::Number(c))]);
        assert_eq!(n(ar, 0.0), "لا مقاطع");
        assert_eq!(n(ar, 2.0), "مقطعان");
        assert_eq!(n(ar, 3.0), "3 مقاطع");
        assert_eq!(n(ar, 11.0), "11 مقطعًا");
        assert_eq!(n(ar, 100.0), "100 مقطع");
        let en = locales.find("en-GB").unwrap();
        assert_eq!((n(en, 1.0).as_str(), en.dir), ("1 track", "ltr"));
        assert!(locales.find("xx").is_none());
        assert_eq!(locales.for_site("xx").0.tag, "en");
        assert_eq!(
            locales
                .for_request(Some("fr-CH, ar;q=0.9, en;q=0.5"), "en")
                .tag,
            "ar"
        );
        assert_eq!(locales.for_request(Some("xx"), "ar").tag, "ar");
    }
}
