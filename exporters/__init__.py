"""Pure renderers that turn plain session or report data into Markdown or Confluence text."""
