/// The one stylesheet, served at `/static/app.css`. Kept in code so the binary is self-contained.
/// Mobile first: one column under 40rem; tables scroll sideways rather than squeeze.
enum Stylesheet {
    static let css = """
    :root { --ink:#1d2330; --muted:#5b6475; --line:#d9dde5; --brand:#b3261e; --bg:#f7f7f9; --ok:#1e7b34; --warn:#8a5a00; }
    * { box-sizing: border-box; }
    body { margin:0; font-family: "Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
           color:var(--ink); background:var(--bg); line-height:1.6; font-size:16px; }
    header { background:#fff; border-bottom:3px solid var(--brand); padding:.5rem 1rem; }
    .masthead { display:flex; flex-wrap:wrap; align-items:baseline; gap:.75rem; }
    .brand { font-size:1.4rem; font-weight:700; color:var(--brand); text-decoration:none; }
    .tagline { color:var(--muted); font-size:.9rem; }
    .nav ul { list-style:none; margin:.4rem 0 0; padding:0; display:flex; flex-wrap:wrap; gap:.25rem 1rem; }
    .nav a { color:var(--ink); text-decoration:none; padding:.2rem 0; }
    .nav a[aria-current=page] { color:var(--brand); font-weight:700; border-bottom:2px solid var(--brand); }
    nav.tabs ul { list-style:none; margin:0 0 .5rem; padding:0; display:flex; flex-wrap:wrap; gap:.25rem 1.25rem; border-bottom:1px solid #ddd; }
    nav.tabs a { display:inline-block; padding:.35rem 0; text-decoration:none; }
    nav.tabs a[aria-current=page] { font-weight:700; border-bottom:2px solid var(--brand); }
    form.who { display:flex; flex-wrap:wrap; align-items:center; gap:.3rem; margin:.3rem 0 0; font-size:.9rem; }
    form.who input[type=submit] { padding:.15rem .5rem; font-size:.85rem; }
    form.stacked { display:flex; flex-direction:column; gap:.8rem; max-width:24rem; background:#fff; padding:1rem; border:1px solid var(--line); }
    .secret { font-family:monospace; font-size:1.1rem; letter-spacing:.1rem; background:#fff; padding:.5rem; border:1px dashed var(--line); word-break:break-all; }
    .language-switch { margin:.3rem 0 0; font-size:.9rem; }
    .language-switch a.current { font-weight:700; color:var(--ink); text-decoration:none; }
    main { max-width:72rem; margin:0 auto; padding:1rem; }
    h1 { font-size:1.5rem; margin:.5rem 0 1rem; }
    h2 { font-size:1.2rem; margin:1.5rem 0 .5rem; }
    a { color:#0b57d0; }
    table { border-collapse:collapse; width:100%; background:#fff; display:block; overflow-x:auto; }
    th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); white-space:nowrap; }
    th { background:#eef0f4; font-weight:600; }
    table.facts th { width:12rem; }
    table.facts td { white-space:normal; }
    form.search { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:flex-end; background:#fff; padding:.75rem;
                  border:1px solid var(--line); margin-bottom:1rem; }
    form label { display:flex; flex-direction:column; font-size:.9rem; color:var(--muted); gap:.2rem; }
    input, select, button { font:inherit; padding:.4rem .5rem; border:1px solid #aab1bf; border-radius:4px; background:#fff; color:var(--ink); }
    button, input[type=submit] { background:var(--brand); color:#fff; border-color:var(--brand); cursor:pointer; }
    .cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(12rem,1fr)); gap:1rem; margin:1rem 0; }
    .card { background:#fff; border:1px solid var(--line); padding:1rem; }
    .card .figure { font-size:1.8rem; font-weight:700; display:block; }
    .card .label { color:var(--muted); }
    .notice { padding:.6rem .8rem; border-left:4px solid var(--muted); background:#fff; }
    .notice-error { border-color:var(--brand); }
    .notice-success { border-color:var(--ok); }
    .pager { margin:1rem 0; }
    .muted { color:var(--muted); }
    .hint { color:var(--muted); font-size:.85rem; margin:.2rem 0; }
    ul.history { color:var(--muted); font-size:.85rem; margin:.3rem 0 0; padding-left:1.1rem; }
    .status-ended, .status-expired { color:var(--muted); }
    .status-valid { color:var(--ok); }
    .status-revoked { color:var(--brand); }
    footer { color:var(--muted); font-size:.85rem; text-align:center; padding:2rem 1rem; }
    progress { width:100%; height:1.2rem; }
    @media (min-width:48rem) { table { display:table; } }
    @media (max-width:40rem) { table.facts th { width:auto; } h1 { font-size:1.3rem; } }
    @media print { header nav, .language-switch, form, .pager, footer, header { display:none; } body { background:#fff; } }
    form.inline { display: inline-flex; gap: .25rem; flex-wrap: wrap; margin: .1rem 0; }
    form.inline input[type=text] { width: 5.5em; }
    form.inline input[name=reason], form.inline input[name=note] { width: 10em; }
    form.inline input[type=number] { width: 5em; }
    form.step, div.step { margin: .5rem 0; display: flex; gap: .5rem; align-items: flex-end; flex-wrap: wrap; }
    .certificate-print { max-width: 180mm; margin: 0 auto; padding: 12mm; border: 3px double #8a6d3b; background: #fffdf7; }
    .certificate-title { text-align: center; letter-spacing: .4em; font-size: 2rem; margin-bottom: 0; }
    .certificate-subtitle { text-align: center; color: #6b5b3a; margin-top: .2rem; }
    .certificate-footer { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 1.5rem; }
    .certificate-photo { width: 33mm; height: 48mm; border: 1px solid #999; display: flex; align-items: center; justify-content: center; color: #999; }
    .certificate-qr { text-align: center; }
    .certificate-query { font-size: .8rem; word-break: break-all; max-width: 70mm; }
    @page { size: A4; margin: 15mm; }
    ul.cards { list-style:none; padding:0; display:grid; grid-template-columns:repeat(auto-fit, minmax(11rem, 1fr)); gap:.75rem; }
    ul.cards li { background:#fff; border:1px solid var(--line); padding:.8rem 1rem; }
    .card-value { display:block; font-size:1.6rem; font-weight:700; }
    .card-label { color:var(--muted); }
    section.panel { margin:1.5rem 0; break-inside:avoid; }
    .chart-with-table { display:grid; grid-template-columns:minmax(0, 3fr) minmax(0, 2fr); gap:1rem; align-items:start; }
    svg.chart { width:100%; height:auto; background:#fff; }
    @media (max-width:48rem) { .chart-with-table { grid-template-columns:1fr; } }
    article.report p.lead { font-size:1.1rem; line-height:1.9; text-indent:2em; }
    @media print { article.report table { font-size:.8rem; } .actions { display:none; } }
    """
}
