//! Includes remembered for the renders of one unchanged page context: a
//! track's page and its embeds show the same playlist row, made by the same
//! `{{include "track_item" track …}}`, and the second is written from the
//! first instead of rendered again.
//!
//! What an include writes is remembered only when nothing but its partial,
//! its base path in the context and its hash can change it:
//! - the partial reads values only below its own base, by plain paths (no
//!   `@root`, `../` or `@` names), calls no partial and no `include`, and
//!   starts with text (so what it leaves in the render's state does not
//!   depend on what came before it);
//! - no block around it has block parameters, no partial indents it, and
//!   the context is the one the render was given
//!   (`RenderContext::sees_only_own_block`);
//! - the context does not change while remembering: the caller keeps the
//!   guard only across renders of one context, and drops it before
//!   changing the context.

use std::cell::RefCell;

use handlebars::template::{HelperTemplate, Parameter, TemplateElement};
use handlebars::{Output, Path, PathSeg, RenderContext, Template};
use serde_json::Value;

thread_local! {
    static MEMO: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

#[derive(Default)]
struct Memo {
    /// Whether each partial seen can be remembered, by name.
    pure: Vec<(String, bool)>,
    done: Vec<Done>,
}

/// An include rendered while remembering, and what it wrote.
struct Done {
    /// The address of the context it was rendered from.
    context: usize,
    partial: String,
    base: Vec<String>,
    hash: Vec<(String, Value)>,
    output: String,
    /// The render's state after it: content produced, trailing newline,
    /// indent before the next write.
    state: (bool, bool, bool),
}

/// Remembers includes on this thread until dropped (see the module).
pub(crate) struct Remembering(());

/// Whether includes are being remembered on this thread.
pub(super) fn active() -> bool {
    MEMO.with(|m| m.borrow().is_some())
}

pub(crate) fn remember() -> Remembering {
    MEMO.with(|m| *m.borrow_mut() = Some(Memo::default()));
    Remembering(())
}

impl Drop for Remembering {
    fn drop(&mut self) {
        MEMO.with(|m| *m.borrow_mut() = None);
    }
}

/// An include that may be remembered: its partial, base path and hash.
pub(super) struct Call<'a> {
    /// The context's address: a remembered include is written again only
    /// into a render of the same context object.
    pub context: usize,
    pub partial: &'a str,
    pub template: &'a Template,
    pub base: Vec<String>,
    pub hash: Vec<(&'a str, &'a Value)>,
}

impl Call<'_> {
    /// Whether this call may be remembered here (see the module).
    pub fn may_remember(&self, rc: &RenderContext<'_, '_>) -> bool {
        MEMO.with(|m| {
            let mut memo = m.borrow_mut();
            let Some(memo) = memo.as_mut() else {
                return false;
            };
            if !rc.sees_only_own_block() {
                return false;
            }
            match memo.pure.iter().find(|(name, _)| name == self.partial) {
                Some((_, pure)) => *pure,
                None => {
                    let pure =
                        starts_with_text(self.template) && elements_pure(&self.template.elements);
                    memo.pure.push((self.partial.to_string(), pure));
                    pure
                }
            }
        })
    }

    /// Writes what the same call wrote before, and leaves the render's
    /// state as it did; false when it was not made before.
    pub fn write_remembered(
        &self,
        rc: &mut RenderContext<'_, '_>,
        out: &mut dyn Output,
    ) -> std::io::Result<bool> {
        MEMO.with(|m| {
            let memo = m.borrow();
            let Some(done) = memo.as_ref().and_then(|memo| {
                memo.done.iter().find(|d| {
                    d.context == self.context
                        && d.partial == self.partial
                        && d.base == self.base
                        && d.hash.len() == self.hash.len()
                        && d.hash
                            .iter()
                            .zip(&self.hash)
                            .all(|((k, v), (k2, v2))| k == k2 && v == *v2)
                })
            }) else {
                return Ok(false);
            };
            out.write(&done.output)?;
            let (produced, newline, indent) = done.state;
            rc.set_content_produced(produced);
            rc.set_trailing_newline(newline);
            rc.set_indent_before_write(indent);
            Ok(true)
        })
    }

    /// Keeps what this call wrote, and the state it left.
    pub fn keep(self, output: String, rc: &RenderContext<'_, '_>) {
        let state = (
            rc.get_content_produced(),
            rc.get_trailine_newline(),
            rc.get_indent_before_write(),
        );
        MEMO.with(|m| {
            if let Some(memo) = m.borrow_mut().as_mut() {
                memo.done.push(Done {
                    context: self.context,
                    partial: self.partial.to_string(),
                    base: self.base,
                    hash: self
                        .hash
                        .iter()
                        .map(|(k, v)| (k.to_string(), (*v).clone()))
                        .collect(),
                    output,
                    state,
                });
            }
        });
    }
}

/// Collects a partial's output, to be written and kept.
#[derive(Default)]
pub(super) struct Captured(pub String);

impl Output for Captured {
    fn write(&mut self, seg: &str) -> std::io::Result<()> {
        self.0.push_str(seg);
        Ok(())
    }
}

/// Whether the first thing the partial writes is text (comments write
/// nothing and leave the state as it is).
fn starts_with_text(t: &Template) -> bool {
    let first = t
        .elements
        .iter()
        .find(|e| !matches!(e, TemplateElement::Comment(_)));
    matches!(first, Some(TemplateElement::RawString(s)) if !s.is_empty())
}

fn elements_pure(elements: &[TemplateElement]) -> bool {
    elements.iter().all(|e| match e {
        TemplateElement::RawString(_) | TemplateElement::Comment(_) => true,
        TemplateElement::Expression(ht)
        | TemplateElement::HtmlExpression(ht)
        | TemplateElement::HelperBlock(ht) => helper_pure(ht),
        // Partials and decorators: not looked into.
        _ => false,
    })
}

fn helper_pure(ht: &HelperTemplate) -> bool {
    let name_pure = match &ht.name {
        Parameter::Name(name) => name != "include",
        Parameter::Path(p) => {
            path_pure(p)
                && !matches!(p, Path::Relative((segs, _)) if matches!(segs.as_slice(), [PathSeg::Named(n)] if n == "include"))
        }
        _ => false,
    };
    name_pure
        && ht.params.iter().all(param_pure)
        && ht.hash.values().all(param_pure)
        && [&ht.template, &ht.inverse]
            .into_iter()
            .flatten()
            .all(|t| elements_pure(&t.elements))
}

fn param_pure(p: &Parameter) -> bool {
    match p {
        Parameter::Literal(_) => true,
        Parameter::Path(p) => path_pure(p),
        _ => false,
    }
}

/// A path below the current block, by names only: not `@root`, `../`,
/// `this` or an `@` name.
fn path_pure(p: &Path) -> bool {
    match p {
        Path::Relative((segs, _)) => {
            !segs.is_empty() && segs.iter().all(|s| matches!(s, PathSeg::Named(_)))
        }
        Path::Local(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext};
    use serde_json::json;

    /// A registry with `include` and a helper counting its calls, so a
    /// remembered include shows as a call not made.
    fn registry(calls: &Arc<AtomicUsize>) -> Handlebars<'static> {
        let mut r = Handlebars::new();
        r.register_helper("include", Box::new(super::super::Include));
        let calls = Arc::clone(calls);
        r.register_helper(
            "count",
            Box::new(
                move |_: &Helper<'_>,
                      _: &Handlebars<'_>,
                      _: &Context,
                      _: &mut RenderContext<'_, '_>,
                      out: &mut dyn Output|
                      -> HelperResult {
                    calls.fetch_add(1, Ordering::Relaxed);
                    out.write("#")?;
                    Ok(())
                },
            ),
        );
        r.register_template_string(
            "row",
            "{{!-- a row --}}<li>{{title}}{{#if link}}+{{/if}}{{count}}</li>",
        )
        .unwrap();
        r.register_template_string("rooted", "<li>{{@root.site}}{{count}}</li>")
            .unwrap();
        r
    }

    fn context() -> Context {
        Context::wraps(
            json!({"site": "S", "track": {"title": "T"}, "list": [{"title": "A"}, {"title": "B"}]}),
        )
        .unwrap()
    }

    fn render_in(r: &Handlebars<'static>, template: &str, ctx: &Context) -> String {
        r.render_template_with_context(template, ctx).unwrap()
    }

    fn render(r: &Handlebars<'static>, template: &str) -> String {
        render_in(r, template, &context())
    }

    #[test]
    fn the_same_include_is_written_again_only_while_remembering() {
        let calls = Arc::new(AtomicUsize::new(0));
        let r = registry(&calls);
        let twice = r#"{{include "row" track link=true}}{{include "row" track link=true}}"#;
        assert_eq!(render(&r, twice), "<li>T+#</li><li>T+#</li>");
        assert_eq!(calls.swap(0, Ordering::Relaxed), 2, "not remembering");
        {
            let _remembering = super::remember();
            let page = context();
            assert_eq!(render_in(&r, twice, &page), "<li>T+#</li><li>T+#</li>");
            assert_eq!(
                calls.swap(0, Ordering::Relaxed),
                1,
                "the second written from the first"
            );
            // Across renders of the same context too (a page, then its embed).
            assert_eq!(render_in(&r, twice, &page), "<li>T+#</li><li>T+#</li>");
            assert_eq!(calls.swap(0, Ordering::Relaxed), 0);
            // Another hash is another include.
            let other = r#"{{include "row" track link=false}}"#;
            assert_eq!(render_in(&r, other, &page), "<li>T#</li>");
            assert_eq!(calls.swap(0, Ordering::Relaxed), 1);
            // Another context object is another include, whatever it holds.
            let another = context();
            assert_eq!(render_in(&r, twice, &another), "<li>T+#</li><li>T+#</li>");
            assert_eq!(calls.swap(0, Ordering::Relaxed), 1);
        }
        render(&r, twice);
        assert_eq!(
            calls.swap(0, Ordering::Relaxed),
            2,
            "forgotten with the guard"
        );
    }

    #[test]
    fn includes_that_could_read_more_than_their_base_are_always_rendered() {
        let calls = Arc::new(AtomicUsize::new(0));
        let r = registry(&calls);
        let _remembering = super::remember();
        // Under a block with parameters, a name may be one of them.
        let rows =
            r#"{{#each list as |item|}}{{include "row" this}}{{include "row" this}}{{/each}}"#;
        assert_eq!(
            render(&r, rows),
            "<li>A#</li><li>A#</li><li>B#</li><li>B#</li>"
        );
        assert_eq!(calls.swap(0, Ordering::Relaxed), 4);
        // A partial reading `@root` is not judged by its base alone.
        let rooted = r#"{{include "rooted" track}}{{include "rooted" track}}"#;
        assert_eq!(render(&r, rooted), "<li>S#</li><li>S#</li>");
        assert_eq!(calls.swap(0, Ordering::Relaxed), 2);
        // Rows of a block without parameters are remembered each by its own base.
        let plain = r#"{{#each list}}{{include "row"}}{{include "row"}}{{/each}}"#;
        assert_eq!(
            render(&r, plain),
            "<li>A#</li><li>A#</li><li>B#</li><li>B#</li>"
        );
        assert_eq!(calls.swap(0, Ordering::Relaxed), 2);
    }
}
