/**
 * The hall's one stylesheet: mobile first (usable at 360 px), system fonts (no web fonts to download), AA
 * contrast, visible focus, and a print layout for the guide.
 */
export const hallCss = `
:root{--ink:#1f2328;--muted:#4d5560;--line:#d0d7de;--brand:#a8071a;--link:#0b57d0;--bg:#fff;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;overflow-wrap:break-word;font:16px/1.6 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
header.site{background:var(--brand);color:#fff;padding:10px 16px}
header.site a{color:#fff;text-decoration:none;font-weight:600}
header.site nav{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:4px}
header.site nav a{font-weight:400;text-decoration:underline}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}
form.search{display:flex;flex-wrap:wrap;gap:8px;background:var(--soft);padding:12px;border-radius:6px}
form.search label{display:flex;flex-direction:column;font-size:.9rem;flex:1 1 160px}
input,select,button,textarea{font:inherit;padding:8px;border:1px solid #8c959f;border-radius:4px;min-height:44px}
button{background:var(--brand);color:#fff;border-color:var(--brand);cursor:pointer;align-self:flex-end}
ul.matters{list-style:none;padding:0;margin:0}ul.matters li{border-bottom:1px solid var(--line);padding:10px 0}
ul.matters .meta{display:block;font-size:.9rem;color:var(--muted)}
ul.departments{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0}
ul.departments a{display:inline-block;padding:6px 10px;border:1px solid var(--line);border-radius:16px;text-decoration:none}
dl.facts{display:grid;grid-template-columns:minmax(0,1fr);gap:2px 16px;margin:0}
dl.facts dt{font-weight:600;margin-top:8px}dl.facts dd{margin:0;overflow-wrap:anywhere}
@media(min-width:640px){dl.facts{grid-template-columns:10em minmax(0,1fr)}dl.facts dt{margin-top:0}}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{border:1px solid var(--line);padding:6px;text-align:left;vertical-align:top}
th{background:var(--soft)}.table-wrap{overflow-x:auto}
ol.steps{padding-left:1.4em}ol.steps li{margin:6px 0}ol.steps ul{margin:4px 0}
fieldset{border:0;padding:0;margin:0}.field-error{color:#a8071a;font-size:.9rem}input[aria-invalid=true]{border:2px solid #a8071a}
.error-summary{border:3px solid #a8071a;padding:8px 16px;margin-bottom:16px}.error-summary h2{border:0;margin:.5rem 0}
.preview-banner{margin:0;padding:8px 16px;background:#fff4ce;border-bottom:2px solid #8a5a00;color:#3d2a00;font-weight:600;text-align:center}
footer.site{border-top:1px solid var(--line);margin-top:32px;padding:16px;font-size:.9rem;color:var(--muted);text-align:center}
.field{display:flex;flex-direction:column;gap:4px;margin:0 0 16px;max-width:36em}.field label,legend{font-weight:600}
.hint{color:var(--muted);font-size:.9rem}.req{color:#a8071a}.field.has-error{border-left:4px solid #a8071a;padding-left:10px}
fieldset.group{margin:0 0 16px}fieldset.group label{display:flex;gap:8px;align-items:center;font-weight:400;min-height:44px}
fieldset.group input{min-height:auto;width:1.3em;height:1.3em}
.notice{border-left:4px solid #1a7f37;background:#dafbe1;padding:8px 12px}
.warn{border-left:4px solid #9a6700;background:#fff8c5;padding:8px 12px}
.actions{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:16px 0}
button.secondary,a.button.secondary{background:#fff;color:var(--brand)}
a.button{display:inline-block;background:var(--brand);color:#fff;padding:8px 16px;border-radius:4px;text-decoration:none;min-height:44px}
form.signout{display:flex;gap:8px;align-items:center;margin-top:4px;font-size:.9rem}
button.link{background:none;border:0;color:#fff;text-decoration:underline;padding:0 4px;min-height:32px}
.material{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:0 0 12px}.material[hidden]{display:none}
progress{width:100%;max-width:20em}
input,select,textarea{max-width:100%}.field input:not([type=radio]):not([type=checkbox]),.field select,.field textarea{width:100%}
form.inline{display:inline-block;margin-left:8px}label.inline{display:inline-flex;gap:4px;align-items:center;margin-left:8px}
ul.files{margin:4px 0 8px;padding-left:1.2em}
article.document{border:1px solid var(--line);padding:16px;max-width:48em}.seal{text-align:right;font-weight:600;margin-top:24px}
.actions a{margin-right:8px}.code{overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
a.button.secondary{border:1px solid var(--brand)}footer.site a{white-space:nowrap}main:focus{outline:none}
@media(max-width:639px){table.cards thead{position:absolute;left:-9999px}table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
table.cards tr{border:1px solid var(--line);border-radius:6px;margin:0 0 10px;padding:6px 10px}table.cards td{border:0;padding:3px 0}
table.cards td[data-label]::before{content:attr(data-label) "：";font-weight:600}}.actions form{margin:0}
article.record{border-bottom:1px solid var(--line);padding:4px 0 12px}article.record h3{font-size:1.05rem;margin:.5rem 0}
ol.messages{list-style:none;padding:0;margin:0}li.message{border-bottom:1px solid var(--line);padding:8px 0}
li.message h2{font-size:1.05rem;border:0;margin:.25rem 0}li.message.unread{border-left:4px solid var(--brand);padding-left:12px;background:var(--soft)}
.tag{display:inline-block;background:var(--brand);color:#fff;font-size:.8rem;padding:0 6px;border-radius:3px}
caption{text-align:left;font-weight:600;padding:4px 0}
textarea:focus-visible{outline:3px solid #f5a623;outline-offset:2px}select[aria-invalid=true],textarea[aria-invalid=true]{border:2px solid #a8071a}
@media print{header.site nav,form.search,form.signout,.no-print{display:none}footer.site{display:none}header.site{background:none;color:#000}header.site a{color:#000}a{color:#000;text-decoration:none}main{max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}}
`.trim();
