import { useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Dialog } from "../../ui/Dialog";
import { FormError } from "../../ui/fields";
import { LoadError, Loading } from "../../ui/states";
import { formatMoney } from "../../i18n/format";

type Kind = Schemas["ManualSendInput"]["kind"];
const KINDS: Kind[] = ["webshop_login", "webapp_install", "lens_passport"];

function usePreview(customerId: string, kind: Kind | null) {
  return useQuery({
    queryKey: ["preview", customerId, kind],
    queryFn: async () => unwrap(await api.POST("/messages/preview", { body: { kind: kind as Kind, customer_id: customerId } })),
    enabled: kind !== null,
    staleTime: 0,
    retry: false,
  });
}

function useSend(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ kind, key }: { kind: Kind; key: string }) => unwrap(await api.POST("/customers/{customer_id}/messages",
      { params: { path: { customer_id: customerId }, header: { "Idempotency-Key": key } }, body: { kind } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["messages", customerId] }),
  });
}

/** Manuelle Kommunikation: Login / Web App Installation / Linsenpass senden, each after a preview. */
export function ManualSend({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="manual-heading">
      <h2 id="manual-heading">{t("manual.title")}</h2>
      <div className="actions left">
        {KINDS.map((k) => <button key={k} type="button" onClick={() => { setSent(null); setKind(k); }}>{t(`manual.${k}`)}</button>)}
      </div>
      {sent && <p role="status" className="ok">{sent}</p>}
      {kind && <SendDialog customerId={customerId} kind={kind} onClose={() => setKind(null)}
        onSent={(text) => { setKind(null); setSent(text); }} />}
    </section>
  );
}

function SendDialog({ customerId, kind, onClose, onSent }: { customerId: string; kind: Kind; onClose: () => void; onSent: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const preview = usePreview(customerId, kind);
  const send = useSend(customerId);
  // One key per dialog: a double click or a retry after a lost answer sends the message once.
  const key = useRef(`manual-${crypto.randomUUID()}`);
  const data = preview.data;
  return (
    <Dialog title={t(`manual.${kind}`)} onClose={onClose} wide>
      {preview.isPending && <Loading label={t("manual.previewing")} />}
      {preview.isError && <LoadError error={preview.error} retry={() => void preview.refetch()} />}
      {data && (
        <>
          <dl className="pairs">
            <dt>{t("manual.channel")}</dt><dd>{t(`channels.${data.channel}`)}</dd>
            {data.subject && <><dt>{t("history.subject")}</dt><dd>{data.subject}</dd></>}
            <dt>{t("history.parts")}</dt><dd>{data.parts}</dd>
            <dt>{t("history.cost")}</dt><dd>{formatMoney(data.cost_chf, i18n.language)}</dd>
          </dl>
          <h3>{t("manual.preview")}</h3>
          <pre className="message-text">{data.text}</pre>
          {data.topic_enabled === false && <p className="warning" role="alert">{t("manual.topicOff")}</p>}
          <FormError error={send.error} />
          <div className="actions">
            <button type="button" onClick={onClose}>{t("common.cancel")}</button>
            <button type="button" className="primary" disabled={send.isPending || data.topic_enabled === false}
              onClick={() => send.mutate({ kind, key: key.current }, {
                onSuccess: (message) => onSent(message.status === "failed" ? t("manual.failed") : t("manual.sent")),
              })}>
              {t("manual.confirm", { cost: formatMoney(data.cost_chf, i18n.language) })}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
