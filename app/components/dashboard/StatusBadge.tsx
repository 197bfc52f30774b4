import type { Lang } from "../../i18n/format";
import { translate, type MessageKey } from "../../i18n/messages";

export function StatusBadge({ lang, status, testId }: { lang: Lang; status: string; testId?: string }) {
  return (
    <span className={`status ${status}`} data-testid={testId}>
      {translate(lang, `status.${status}` as MessageKey)}
    </span>
  );
}
