/// The report's inline CSS: screen and A4 print, a CJK font stack, no external resources.
enum ReportStyleSheet {
    static let css = """
    @page { size: A4; margin: 15mm 13mm 16mm 13mm;
      @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #5b6b7c; } }
    :root { --ink: #1d2733; --muted: #5b6b7c; --rule: #dde3ea; --head: #eef2f6;
      --high: #d64541; --medium: #e8a33d; --low: #4c9a6a; --accent: #2c5d8f; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: #eef1f5; color: var(--ink); font-size: 14px; line-height: 1.6;
      font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC",
        "Microsoft YaHei", sans-serif; }
    main { max-width: 1100px; margin: 0 auto; background: #fff; padding: 28px 44px 40px; }
    h1 { font-size: 28px; margin: 8px 0 4px; letter-spacing: 1px; }
    h2 { font-size: 21px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin: 34px 0 14px; color: var(--accent); }
    h3 { font-size: 18px; margin: 0; }
    h4 { font-size: 15px; margin: 20px 0 8px; padding-left: 8px; border-left: 4px solid var(--accent); }
    .en { color: var(--muted); font-weight: normal; font-size: 0.85em; }
    .mono { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 12px; word-break: break-all; }
    .muted { color: var(--muted); }
    table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 12px; }
    th, td { border-bottom: 1px solid var(--rule); padding: 5px 6px; text-align: left; vertical-align: top; }
    th { background: var(--head); font-weight: 600; white-space: nowrap; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr, .card, figure, .reason, .warning, .facts div { break-inside: avoid; page-break-inside: avoid; }
    thead { display: table-header-group; }
    .cover { border-bottom: 3px solid var(--accent); padding-bottom: 18px; }
    .cover .kicker { color: var(--accent); font-weight: 600; letter-spacing: 2px; }
    .facts { display: grid; grid-template-columns: 210px 1fr; gap: 2px 14px; margin: 14px 0 0; }
    .facts dt { color: var(--muted); }
    .facts dd { margin: 0; }
    .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 10px 0 16px; }
    .card { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 16px; min-width: 120px; }
    .card .n { font-size: 26px; font-weight: 700; }
    .card.high { border-top: 4px solid var(--high); } .card.medium { border-top: 4px solid var(--medium); }
    .card.low { border-top: 4px solid var(--low); } .card.other { border-top: 4px solid var(--accent); }
    .badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; line-height: 20px;
      white-space: nowrap; border: 1px solid; }
    .badge.high { color: #fff; background: var(--high); border-color: var(--high); }
    .badge.medium { color: #3d2a00; background: #f8dfb5; border-color: var(--medium); }
    .badge.low { color: #1d4d2f; background: #d3ead9; border-color: var(--low); }
    .badge.remote { color: #6b2fa0; background: #f0e6f8; border-color: #a77bd0; }
    figure { margin: 8px 0 14px; }
    figcaption { color: var(--muted); font-size: 12px; }
    svg.chart { max-width: 100%; height: auto; display: block; }
    svg text { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC",
      "Microsoft YaHei", sans-serif; }
    .scroll { overflow-x: auto; }
    nav.toc ol { margin: 6px 0; }
    nav.toc ol ol { columns: 2; column-gap: 24px; }
    nav.toc li { break-inside: avoid; }
    nav.toc a { color: var(--accent); text-decoration: none; }
    #dossiers { break-before: page; page-break-before: always; }
    #dossiers > .dossier:first-of-type { break-before: auto; page-break-before: auto; }
    table.ranked td.reason { min-width: 11em; }
    table.ranked td.region { white-space: nowrap; }
    table.ranked td.disposition-cell { min-width: 14em; }
    .dossier { break-before: page; page-break-before: always; margin-top: 36px; border-top: 4px solid var(--rule); padding-top: 14px; }
    .dossier.high { border-top-color: var(--high); } .dossier.medium { border-top-color: var(--medium); }
    .dossier-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; }
    .score { font-size: 34px; font-weight: 700; line-height: 1; text-align: right; }
    .score small { font-size: 13px; color: var(--muted); font-weight: normal; display: block; margin-top: 4px; }
    .reason { border-left: 3px solid var(--rule); padding: 2px 0 2px 12px; margin: 10px 0; }
    .reason .pts { font-weight: 700; color: var(--high); margin-right: 6px; }
    ul.evidence { margin: 4px 0 0; padding-left: 18px; font-size: 13px; }
    ul.evidence li { margin: 2px 0; }
    cite { font-style: normal; }
    .kind { display: inline-block; font-size: 11px; color: var(--accent); border: 1px solid #b9cbe0; border-radius: 3px;
      padding: 0 4px; margin-right: 4px; }
    .disposition { border: 2px solid var(--accent); border-radius: 6px; padding: 10px 16px; font-size: 16px; }
    .disposition strong { font-size: 20px; color: var(--accent); }
    .warning { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
    .warning h4.warning-name { display: inline; font-size: inherit; margin: 0; }
    .chain-text { font-size: 13px; margin-top: 4px; }
    footer { margin-top: 30px; border-top: 1px solid var(--rule); padding-top: 8px; color: var(--muted); font-size: 12px; }
    @media print {
      body { background: #fff; font-size: 12px; }
      table { font-size: 11px; }
      main { max-width: none; padding: 0; }
      nav.toc { break-after: page; page-break-after: always; }
      .badge.high { color: var(--high); background: #fff; }
      h2 { break-after: avoid; page-break-after: avoid; } h4 { break-after: avoid; page-break-after: avoid; }
      a { color: inherit; text-decoration: none; }
      .scroll { overflow: visible; }
      /* The disposition column got four characters' width and the 40-row table ran over
         eight pages (found by review). */
      table.ranked td.disposition-cell { min-width: 16em; }
      table.ranked td.reason { min-width: 13em; }
    }
    """
}
