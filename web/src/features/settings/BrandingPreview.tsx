import { useMemo } from "react";
import { useTranslation } from "react-i18next";

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * How the optician's e-mails look with the branding being typed (logo, colour, name, address),
 * before it is saved. Rendered in a sandboxed frame, as the history shows a sent e-mail.
 */
export function BrandingPreview({ name, logoUrl, color, address, phone }: {
  name: string; logoUrl: string; color: string; address: string; phone: string;
}) {
  const { t } = useTranslation();
  const safeColor = /^#[0-9a-fA-F]{6}$/.test(color) ? color : "#333333";
  const logo = /^https?:\/\//.test(logoUrl) ? `<img src="${escape(logoUrl)}" alt="${escape(name)}" style="max-height:48px">` : "";
  const html = useMemo(() => `<!doctype html><html><body style="margin:0;font-family:Arial,sans-serif;background:#f4f4f4">
<div style="max-width:520px;margin:16px auto;background:#fff;border-top:6px solid ${safeColor}">
<div style="padding:16px">${logo}<div style="font-size:18px;font-weight:bold;color:${safeColor}">${escape(name)}</div></div>
<div style="padding:0 16px 16px;color:#222;line-height:1.5"><p>${escape(t("settings.previewGreeting"))}</p>
<p>${escape(t("settings.previewBody"))}</p>
<p><a href="#" style="display:inline-block;background:${safeColor};color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${escape(t("settings.previewButton"))}</a></p>
<p>${escape(t("settings.previewSignature"))}<br>${escape(name)}</p></div>
<div style="padding:12px 16px;font-size:12px;color:#666;border-top:1px solid #eee">${escape(address)}${phone ? ` · ${escape(phone)}` : ""}</div>
</div></body></html>`, [name, logo, safeColor, address, phone, t]);
  return <iframe className="email-frame" sandbox="" srcDoc={html} title={t("settings.previewTitle")} />;
}
