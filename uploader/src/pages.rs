//! The Create section's pages: server-rendered with handlebars from the
//! theme's `create/` templates, working without JavaScript.
