import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { fieldErrors } from "../../api/problem";
import { ConfirmDialog, Dialog } from "../../ui/Dialog";
import { FormError, TextField } from "../../ui/fields";
import { Empty, LoadError, Loading } from "../../ui/states";
import { SeriesActions } from "../../ui/SeriesActions";
import { formatDate } from "../../i18n/format";
import { RepurchaseWizard } from "./RepurchaseWizard";
import { useDeleteRepurchase, usePatchRepurchase, useRepurchaseReminders, type RepurchaseReminder } from "./api";

/** Nachkauf-Erinnerungen: list with next date and cycle; set up (wizard), change, pause/resume, delete. */
export function Repurchase({ customerId, passports, products }: {
  customerId: string; passports: Schemas["LensPassport"][]; products: Schemas["Product"][];
}) {
  const { t, i18n } = useTranslation();
  const reminders = useRepurchaseReminders(customerId);
  const patch = usePatchRepurchase(customerId);
  const remove = useDeleteRepurchase(customerId);
  const [wizard, setWizard] = useState(false);
  const [editing, setEditing] = useState<RepurchaseReminder | null>(null);
  const [deleting, setDeleting] = useState<RepurchaseReminder | null>(null);
  return (
    <section className="card" aria-labelledby="repurchase-heading">
      <div className="page-head">
        <h2 id="repurchase-heading">{t("repurchase.title")}</h2>
        <button type="button" className="primary" onClick={() => setWizard(true)}>{t("repurchase.setUp")}</button>
      </div>
      {reminders.isPending && <Loading />}
      {reminders.isError && <LoadError error={reminders.error} retry={() => void reminders.refetch()} />}
      {reminders.data?.length === 0 && <Empty>{t("repurchase.none")}</Empty>}
      <ul className="items">
        {reminders.data?.map((reminder) => (
          <li key={reminder.id}>
            <p>
              <strong>{reminder.active ? t("repurchase.nextOn", { date: formatDate(reminder.next_reminder_on, i18n.language) })
                : t("common.inactive")}</strong>
              {" · "}{t("repurchase.everyDays", { count: reminder.cycle_days })}
              {" · "}{t(`repurchase.source.${reminder.source}`)}
              {reminder.runs_out_on && <> · {t("repurchase.runsOut", { date: formatDate(reminder.runs_out_on, i18n.language) })}</>}
            </p>
            <SeriesActions active={reminder.active} onChange={() => setEditing(reminder)}
              onToggle={() => patch.mutate({ id: reminder.id, body: { active: !reminder.active, usage: reminder.usage } })} onDelete={() => setDeleting(reminder)} />
          </li>
        ))}
      </ul>
      <FormError error={patch.error} />
      {wizard && (
        <Dialog title={t("repurchase.setUp")} onClose={() => setWizard(false)} wide>
          <RepurchaseWizard customerId={customerId} passports={passports} products={products} onDone={() => setWizard(false)} />
        </Dialog>
      )}
      {editing && <EditRepurchase customerId={customerId} reminder={editing} onDone={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog title={t("repurchase.deleteTitle")} text={t("repurchase.deleteQuestion")} confirm={t("common.delete")}
          busy={remove.isPending} error={<FormError error={remove.error} />} onClose={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })} />
      )}
    </section>
  );
}

function EditRepurchase({ customerId, reminder, onDone }: { customerId: string; reminder: RepurchaseReminder; onDone: () => void }) {
  const { t } = useTranslation();
  const patch = usePatchRepurchase(customerId);
  const [next, setNext] = useState(reminder.next_reminder_on);
  const [cycle, setCycle] = useState(String(reminder.cycle_days));
  const errors = fieldErrors(patch.error, ["next_reminder_on", "cycle_days"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    patch.mutate({ id: reminder.id, body: { next_reminder_on: next, cycle_days: Number(cycle), usage: reminder.usage } },
      { onSuccess: onDone });
  };
  return (
    <Dialog title={t("repurchase.edit")} onClose={onDone}>
      <form onSubmit={submit} noValidate>
        <TextField name="next_reminder_on" type="date" label={t("repurchase.nextReminder")} value={next}
          onChange={(e) => setNext(e.target.value)} error={errors.byField("next_reminder_on")} />
        <TextField name="cycle_days" type="number" min={1} label={t("repurchase.cycleDays")} value={cycle}
          onChange={(e) => setCycle(e.target.value)} error={errors.byField("cycle_days")} />
        <FormError error={errors.formError} />
        <div className="actions">
          <button type="button" onClick={onDone}>{t("common.cancel")}</button>
          <button type="submit" className="primary" disabled={patch.isPending}>{t("common.save")}</button>
        </div>
      </form>
    </Dialog>
  );
}
