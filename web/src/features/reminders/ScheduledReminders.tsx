import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../api/problem";
import { ConfirmDialog, Dialog } from "../../ui/Dialog";
import { FormError, TextField } from "../../ui/fields";
import { Empty, LoadError, Loading } from "../../ui/states";
import { SeriesActions } from "../../ui/SeriesActions";
import { formatDate, todayInZurich } from "../../i18n/format";
import {
  useControlReminders, useDeleteControl, useDeleteLensExchange, useLensExchangeReminders, useSaveControl,
  useSaveLensExchange, type ControlReminder, type LensExchangeReminder,
} from "./api";

/** Kontroll-Erinnerung: first date, then every n months. */
export function ControlReminders({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const reminders = useControlReminders(customerId);
  const save = useSaveControl(customerId);
  const remove = useDeleteControl(customerId);
  const [editing, setEditing] = useState<ControlReminder | "new" | null>(null);
  const [deleting, setDeleting] = useState<ControlReminder | null>(null);
  return (
    <section className="card" aria-labelledby="control-heading">
      <div className="page-head">
        <h2 id="control-heading">{t("control.title")}</h2>
        <button type="button" onClick={() => setEditing("new")}>{t("control.setUp")}</button>
      </div>
      {reminders.isPending && <Loading />}
      {reminders.isError && <LoadError error={reminders.error} retry={() => void reminders.refetch()} />}
      {reminders.data?.length === 0 && <Empty>{t("control.none")}</Empty>}
      <ul className="items">
        {reminders.data?.map((reminder) => (
          <li key={reminder.id}>
            <p><strong>{reminder.active ? t("repurchase.nextOn", { date: formatDate(reminder.next_reminder_on, i18n.language) })
              : t("common.inactive")}</strong> · {t("control.everyMonths", { count: reminder.cycle_months })}</p>
            <SeriesActions active={reminder.active} onChange={() => setEditing(reminder)}
              onToggle={() => save.mutate({ id: reminder.id, patch: { active: !reminder.active } })} onDelete={() => setDeleting(reminder)} />
          </li>
        ))}
      </ul>
      {editing && <ControlForm customerId={customerId} reminder={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog title={t("control.deleteTitle")} text={t("control.deleteQuestion")} confirm={t("common.delete")}
          busy={remove.isPending} error={<FormError error={remove.error} />} onClose={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })} />
      )}
    </section>
  );
}

function ControlForm({ customerId, reminder, onDone }: { customerId: string; reminder?: ControlReminder; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveControl(customerId);
  const [date, setDate] = useState(reminder?.next_reminder_on ?? todayInZurich());
  const [months, setMonths] = useState(String(reminder?.cycle_months ?? 12));
  const dateField = reminder ? "next_reminder_on" : "first_reminder_on";
  const errors = fieldErrors(save.error, [dateField, "cycle_months"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cycle_months = Number(months);
    save.mutate(reminder ? { id: reminder.id, patch: { next_reminder_on: date, cycle_months } }
      : { create: { first_reminder_on: date, cycle_months } }, { onSuccess: onDone });
  };
  return (
    <Dialog title={reminder ? t("control.edit") : t("control.setUp")} onClose={onDone}>
      <form onSubmit={submit} noValidate>
        <TextField name={dateField} type="date" label={reminder ? t("repurchase.nextReminder") : t("repurchase.firstReminder")}
          value={date} onChange={(e) => setDate(e.target.value)} error={errors.byField(dateField)} />
        <TextField name="cycle_months" type="number" min={1} label={t("control.cycleMonths")} value={months}
          onChange={(e) => setMonths(e.target.value)} error={errors.byField("cycle_months")} />
        <FormError error={errors.formError} />
        <div className="actions">
          <button type="button" onClick={onDone}>{t("common.cancel")}</button>
          <button type="submit" className="primary" disabled={save.isPending}>{t("common.save")}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Linsenaustausch-Erinnerung: every n days at a time of day; set by the optician or by the customer. */
export function LensExchangeReminders({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const reminders = useLensExchangeReminders(customerId);
  const save = useSaveLensExchange(customerId);
  const remove = useDeleteLensExchange(customerId);
  const [editing, setEditing] = useState<LensExchangeReminder | "new" | null>(null);
  const [deleting, setDeleting] = useState<LensExchangeReminder | null>(null);
  return (
    <section className="card" aria-labelledby="exchange-heading">
      <div className="page-head">
        <h2 id="exchange-heading">{t("exchange.title")}</h2>
        <button type="button" onClick={() => setEditing("new")}>{t("exchange.setUp")}</button>
      </div>
      {reminders.isPending && <Loading />}
      {reminders.isError && <LoadError error={reminders.error} retry={() => void reminders.refetch()} />}
      {reminders.data?.length === 0 && <Empty>{t("exchange.none")}</Empty>}
      <ul className="items">
        {reminders.data?.map((reminder) => (
          <li key={reminder.id}>
            <p><strong>{reminder.active ? t("repurchase.nextOn", { date: formatDate(reminder.next_reminder_on, i18n.language) })
              : t("common.inactive")}</strong> · {t("exchange.every", { count: reminder.interval_days, time: reminder.time_of_day })}
              {reminder.set_by === "customer" && <> · {t("exchange.setByCustomer")}</>}</p>
            <SeriesActions active={reminder.active} onChange={() => setEditing(reminder)}
              onToggle={() => save.mutate({ id: reminder.id, patch: { active: !reminder.active } })} onDelete={() => setDeleting(reminder)} />
          </li>
        ))}
      </ul>
      {editing && <ExchangeForm customerId={customerId} reminder={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog title={t("exchange.deleteTitle")} text={t("exchange.deleteQuestion")} confirm={t("common.delete")}
          busy={remove.isPending} error={<FormError error={remove.error} />} onClose={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })} />
      )}
    </section>
  );
}

function ExchangeForm({ customerId, reminder, onDone }: { customerId: string; reminder?: LensExchangeReminder; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveLensExchange(customerId);
  const [date, setDate] = useState(reminder?.next_reminder_on ?? todayInZurich());
  const [interval, setInterval] = useState(reminder ? String(reminder.interval_days) : "");
  const [time, setTime] = useState(reminder?.time_of_day ?? "08:00");
  const dateField = reminder ? "next_reminder_on" : "first_reminder_on";
  const errors = fieldErrors(save.error, [dateField, "interval_days", "time_of_day"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const interval_days = interval ? Number(interval) : undefined;
    save.mutate(reminder ? { id: reminder.id, patch: { next_reminder_on: date, interval_days, time_of_day: time } }
      : { create: { first_reminder_on: date, interval_days, time_of_day: time } }, { onSuccess: onDone });
  };
  return (
    <Dialog title={reminder ? t("exchange.edit") : t("exchange.setUp")} onClose={onDone}>
      <form onSubmit={submit} noValidate>
        <TextField name={dateField} type="date" label={reminder ? t("repurchase.nextReminder") : t("repurchase.firstReminder")}
          value={date} onChange={(e) => setDate(e.target.value)} error={errors.byField(dateField)} />
        <TextField name="interval_days" type="number" min={1} label={t("exchange.intervalDays")} value={interval}
          hint={t("exchange.intervalHint")} onChange={(e) => setInterval(e.target.value)} error={errors.byField("interval_days")} />
        <TextField name="time_of_day" type="time" label={t("exchange.timeOfDay")} value={time}
          onChange={(e) => setTime(e.target.value)} error={errors.byField("time_of_day")} />
        <FormError error={errors.formError} />
        <div className="actions">
          <button type="button" onClick={onDone}>{t("common.cancel")}</button>
          <button type="submit" className="primary" disabled={save.isPending}>{t("common.save")}</button>
        </div>
      </form>
    </Dialog>
  );
}
