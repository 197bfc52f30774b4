import { SelectField, TextField, type useFailure } from "../forms";

/** The header fields of a plan (create and edit a draft). */
export function PlanFields({ form, failure, values }: { form: string; failure: ReturnType<typeof useFailure>; values?: Record<string, string> }) {
  const v = values ?? {};
  return (
    <>
      <TextField form={form} name="title" label="Tên kế hoạch" required failure={failure} defaultValue={v.title} />
      <SelectField form={form} name="index" label="Chỉ số" required failure={failure} defaultValue={v.index ?? "PAPI"}
        options={[{ value: "PAPI", label: "PAPI" }, { value: "PAR", label: "Chỉ số CCHC (PAR Index)" }, { value: "SIPAS", label: "Chỉ số hài lòng (SIPAS)" }]} />
      <TextField form={form} name="year" label="Năm (hoặc năm đầu giai đoạn)" required failure={failure} defaultValue={v.year} type="number" />
      <TextField form={form} name="yearTo" label="Năm cuối giai đoạn (nếu có)" failure={failure} defaultValue={v.yearTo} type="number" hint="Ví dụ 2025 cho giai đoạn 2021–2025." />
      <TextField form={form} name="docNumber" label="Số, ký hiệu văn bản" failure={failure} defaultValue={v.docNumber} hint="Ví dụ 116/KH-UBND; có thể ghi khi ban hành." />
      <TextField form={form} name="issuedBy" label="Người ký, cơ quan ban hành" failure={failure} defaultValue={v.issuedBy} />
      <TextField form={form} name="baselineYear" label="Năm gốc" failure={failure} defaultValue={v.baselineYear} type="number" hint="Mặc định là năm trước." />
      <TextField form={form} name="baselineScore" label="Điểm năm gốc (chính thức)" failure={failure} defaultValue={v.baselineScore} hint="Ví dụ 41,53." />
      <SelectField form={form} name="baselineSource" label="Điểm năm gốc là" failure={failure} defaultValue={v.baselineSource ?? "official"}
        options={[{ value: "official", label: "điểm chính thức (đã công bố)" }, { value: "measured", label: "số đo được của tỉnh (khảo sát)" }]} />
      <TextField form={form} name="baselineRank" label="Thứ hạng năm gốc" failure={failure} defaultValue={v.baselineRank} type="number" hint="Trên 63 tỉnh, thành phố." />
      <div className="field">
        <label htmlFor={`${form}-targets`}>Mục tiêu (mỗi dòng một mục tiêu)</label>
        <span id={`${form}-targets-hint`} className="hint">Ví dụ: “Tăng 5 bậc”, “Top 30/63”, “Nhóm trung bình cao”, “Đạt 85%”; trong giai đoạn ghi “Năm 2023: tăng 2 bậc”.</span>
        <textarea id={`${form}-targets`} name="targets" rows={3} defaultValue={failure ? String(failure.values.targets ?? "") : v.targets ?? ""} aria-describedby={`${form}-targets-hint`} aria-invalid={failure?.fields.targets ? true : undefined} />
        {failure?.fields.targets ? <span className="error-text">{failure.fields.targets}</span> : null}
      </div>
    </>
  );
}

