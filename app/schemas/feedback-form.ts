/** The fields of the public feedback form, in page order (also the order of the error summary). */
export const FORM_FIELDS = ["kind", "topic", "unit", "servicePoint", "text", "contactName", "contactPhone", "contactEmail", "consentPublish", "idempotencyKey", "place", "shareLocation"] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Partial<Record<FormField, string>>;
