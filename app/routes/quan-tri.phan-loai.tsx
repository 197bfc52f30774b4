import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { formatDate } from "../i18n/format";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { labelOptions } from "../services/feedback/label-options.server";
import { addRoutingRule, deactivateRoutingRule, listRoutingRules, routingTest, ruleForm, testRouting } from "../services/feedback/routing-rules.server";
import { feedbackOptions } from "../services/feedback/inbox.server";
import { parseForm, adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/feedback-staff.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Quy tắc phân loại phản ánh — Quản trị");

const PATH = "/quan-tri/phan-loai";
const FLASH: Record<string, string> = {
  created: "Đã thêm quy tắc số {ref}. Quy tắc áp dụng cho phản ánh nhận từ bây giờ.",
  deactivated: "Quy tắc số {ref} đã ngừng áp dụng (vẫn được giữ trong lịch sử).",
};
const ruleId = z.object({ id: z.coerce.number({ error: "Thiếu số quy tắc." }).int().min(1, "Thiếu số quy tắc.") });

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:routing", "admin", FLASH);
  const [rules, options] = await Promise.all([listRoutingRules(conn), feedbackOptions(conn)]);
  const tested = url.searchParams.has("thu");
  const testInput = { topic: url.searchParams.get("topic") ?? "", unit: url.searchParams.get("unit") ?? "", kind: url.searchParams.get("kind") ?? "" };
  let test: { agency: { code: string; name: string } | null; ruleId: number | null; reason: string } | null = null;
  let testError: { message: string; fields: Record<string, string> } | null = null;
  if (tested) {
    const parsed = routingTest.safeParse(testInput);
    if (!parsed.success) testError = { message: "Hãy chọn lại lĩnh vực, địa bàn hoặc loại.", fields: {} };
    else {
      try {
        test = await testRouting(conn, parsed.data);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        testError = { message: e.message, fields: e.fields };
      }
    }
  }
  return json({
    ...chrome,
    rules,
    topics: options.topics,
    units: options.units,
    agencies: options.agencies.map(({ value, label }) => ({ value, label })),
    kinds: labelOptions().kinds,
    testInput,
    test,
    testError,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor } = await adminPost(request, "manage:routing");
  switch (intent) {
    case "create":
      return runIntent(intent, fields, async () => {
        const input = parseForm(ruleForm, fields);
        const id = await addRoutingRule(db(), input, actor);
        return redirect(`${PATH}?ok=created&ref=${id}#quy-tac-${id}`);
      });
    case "deactivate":
      return runIntent(intent, fields, async () => {
        const { id } = parseForm(ruleId, fields);
        await deactivateRoutingRule(db(), id, actor);
        return redirect(`${PATH}?ok=deactivated&ref=${id}`);
      }, String(fields.id ?? ""));
    default:
      return unknownIntent(intent);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Rule = Data["rules"][number];

function RuleRow({ r }: { r: Rule }) {
  return (
    <tr id={`quy-tac-${r.id}`} className={r.active ? undefined : "row-inactive"} data-rule={r.id}>
      <td data-label="Số" className="nowrap">{r.id}</td>
      <td data-label="Lĩnh vực">{r.topic ? r.topic_name ?? r.topic : <span className="muted">Mọi lĩnh vực</span>}</td>
      <td data-label="Địa bàn">{r.unit_code ? r.unit_name ?? r.unit_code : <span className="muted">Toàn tỉnh</span>}</td>
      <td data-label="Chuyển đến">{r.agency_name}<span className="sub">{r.agency_code}</span></td>
      <td data-label="Ưu tiên" className="num">{r.priority}</td>
      <td data-label="Hiệu lực" className="nowrap">
        {formatDate(r.created_at)}{r.deactivated_at ? ` – ${formatDate(r.deactivated_at)}` : " – nay"}
        {r.created_by_name ? <span className="sub">{r.created_by_name}</span> : <span className="sub">Dữ liệu ban đầu</span>}
      </td>
      <td className="actions">
        {r.active ? (
          <RowAction intent="deactivate" fields={{ id: r.id }} label="Ngừng áp dụng" ariaLabel={`Ngừng áp dụng quy tắc số ${r.id}`} confirm={`Ngừng áp dụng quy tắc số ${r.id}? Quy tắc vẫn được giữ trong lịch sử.`} />
        ) : (
          <span className="badge off">Đã ngừng</span>
        )}
      </td>
    </tr>
  );
}

function RulesTable({ rules, caption }: { rules: Rule[]; caption: string }) {
  return (
    <table className="data admin-table fb-rules">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Số</th>
          <th scope="col">Lĩnh vực</th>
          <th scope="col">Địa bàn</th>
          <th scope="col">Chuyển đến</th>
          <th scope="col" className="num">Ưu tiên</th>
          <th scope="col">Hiệu lực</th>
          <th scope="col"><span className="sr-only">Thao tác</span></th>
        </tr>
      </thead>
      <tbody>{rules.map((r) => <RuleRow key={r.id} r={r} />)}</tbody>
    </table>
  );
}

export default function RoutingAdmin() {
  const { demo, nav, rules, topics, units, agencies, kinds, testInput, test, testError, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const createFail = useFailure("create");
  const active = rules.filter((r) => r.active);
  const history = rules.filter((r) => !r.active);
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Quy tắc phân loại phản ánh" flash={flash}
      intro={<p>Phản ánh được chuyển tự động theo lĩnh vực × địa bàn. Quy tắc có cả lĩnh vực và địa bàn được ưu tiên hơn quy tắc chỉ có lĩnh vực, rồi đến quy tắc chỉ có địa bàn (địa bàn gần nhất trước); cùng mức thì số ưu tiên nhỏ hơn thắng. Không có quy tắc phù hợp: phản ánh vào hàng chờ điều phối. Khiếu nại, tố cáo luôn chuyển Thanh tra tỉnh. Quy tắc không bị xóa, chỉ ngừng áp dụng.</p>}
    >
      {failure && failure.intent !== "create" ? <ErrorSummary failure={failure} /> : null}
      <div className="admin-layout">
        <section className="admin-main" aria-labelledby="dang-ap-dung">
          <h2 id="dang-ap-dung">Đang áp dụng ({active.length})</h2>
          <RulesTable rules={active} caption="Quy tắc đang áp dụng" />
          <details className="fb-history" open={history.length > 0 && history.length <= 5}>
            <summary>Lịch sử: quy tắc đã ngừng áp dụng ({history.length})</summary>
            {history.length ? <RulesTable rules={history} caption="Quy tắc đã ngừng áp dụng" /> : <p className="muted">Chưa có quy tắc nào ngừng áp dụng.</p>}
            <p className="muted">Mọi thay đổi được ghi vào <Link to="/quan-tri/nhat-ky?entity=routing_rule">nhật ký thay đổi</Link>.</p>
          </details>
        </section>
        <aside className="admin-aside admin-stack">
          <Form method="get" className="card admin-form fb-test" id="thu-phan-loai" aria-labelledby="thu-title">
            <h2 id="thu-title">Thử phân loại</h2>
            <input type="hidden" name="thu" value="1" />
            <SelectField form="test" name="topic" label="Lĩnh vực" failure={null} defaultValue={testInput.topic} empty="— Không rõ —" options={topics} />
            <SelectField form="test" name="unit" label="Địa bàn" failure={null} defaultValue={testInput.unit} empty="— Không rõ —" options={units} />
            <SelectField form="test" name="kind" label="Loại (không bắt buộc)" failure={null} defaultValue={testInput.kind} empty="— Góp ý, phản ánh, kiến nghị —" options={kinds} />
            <div className="form-actions"><button className="btn secondary" type="submit">Thử</button></div>
            {testError ? <p className="error-text" role="alert">{testError.message} {Object.values(testError.fields).join(" ")}</p> : null}
            {test ? (
              <div className="fb-test-result" role="status" data-testid="routing-result">
                <p>Phản ánh sẽ được chuyển đến: <strong>{test.agency ? `${test.agency.name} (${test.agency.code})` : "Hàng chờ điều phối (Văn phòng UBND tỉnh)"}</strong></p>
                <p className="muted">{test.ruleId ? <>Theo quy tắc số <a href={`#quy-tac-${test.ruleId}`}>{test.ruleId}</a>. </> : null}{test.reason}</p>
              </div>
            ) : null}
          </Form>
          <Form method="post" className="card admin-form" id="bieu-mau" noValidate>
            <h2>Thêm quy tắc</h2>
            <SelectField form="rule" name="topic" label="Lĩnh vực" failure={createFail} empty="— Mọi lĩnh vực —" options={topics} />
            <SelectField form="rule" name="unit" label="Địa bàn" failure={createFail} empty="— Toàn tỉnh —" options={units} hint="Áp dụng cho địa bàn đã chọn và các địa bàn trực thuộc." />
            <SelectField form="rule" name="agency" label="Chuyển đến cơ quan" required failure={createFail} empty="— Chọn cơ quan —" options={agencies} />
            <TextField form="rule" name="priority" label="Thứ tự ưu tiên" failure={createFail} defaultValue="100" type="number" hint="Số nhỏ được ưu tiên khi hai quy tắc cùng mức cụ thể." />
            {createFail ? <p className="error-text" role="alert">{createFail.message}</p> : null}
            <div className="form-actions"><SubmitButton intent="create" label="Thêm quy tắc" /></div>
          </Form>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
