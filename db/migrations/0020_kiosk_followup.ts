import type { Kysely } from "kysely";
import { isPostgres, withId } from "./util";

// Frozen (issue 17): photos attached to citizen feedback (checked by content, EXIF removed unless the
// sender shares the location; public only once the coordinator publishes one), a free-text place on a
// feedback item; and the kiosk questions of an existing database get what a new one is seeded with —
// the reasons offered after a rating of 1 or 2, and "Không áp dụng" on the feedback-handling
// question. Only questions of the sipas-kiosk questionnaire whose spec is still empty are touched.
const SPECS: Record<string, unknown> = {
  "kiosk.access": {
    "reasons": [
      {
        "label": "Phải chờ lâu, thiếu chỗ ngồi",
        "labelEn": "Long wait, too few seats"
      },
      {
        "label": "Nơi làm thủ tục nóng, chật hoặc thiếu vệ sinh",
        "labelEn": "Hot, crowded or not clean"
      },
      {
        "label": "Máy móc, thiết bị hỏng",
        "labelEn": "Equipment out of order"
      },
      {
        "label": "Khó tìm quầy, thiếu chỉ dẫn",
        "labelEn": "Hard to find the right desk"
      }
    ]
  },
  "kiosk.procedures": {
    "reasons": [
      {
        "label": "Phải nộp nhiều giấy tờ",
        "labelEn": "Too many papers asked for"
      },
      {
        "label": "Phải đi lại nhiều lần",
        "labelEn": "Had to come back several times"
      },
      {
        "label": "Lệ phí cao hoặc không rõ ràng",
        "labelEn": "Fees high or unclear"
      },
      {
        "label": "Thời gian giải quyết lâu",
        "labelEn": "Took too long"
      }
    ]
  },
  "kiosk.servants": {
    "reasons": [
      {
        "label": "Cán bộ thiếu nhiệt tình, thiếu lịch sự",
        "labelEn": "Officer unfriendly or impolite"
      },
      {
        "label": "Hướng dẫn không rõ, không đầy đủ",
        "labelEn": "Unclear or incomplete guidance"
      },
      {
        "label": "Bị gợi ý chi thêm tiền",
        "labelEn": "Asked for extra money"
      },
      {
        "label": "Cán bộ vắng mặt tại quầy",
        "labelEn": "Officer not at the desk"
      }
    ]
  },
  "kiosk.results": {
    "reasons": [
      {
        "label": "Nhận kết quả trễ hẹn",
        "labelEn": "Result late"
      },
      {
        "label": "Kết quả sai hoặc thiếu thông tin",
        "labelEn": "Result wrong or incomplete"
      },
      {
        "label": "Không được báo khi trễ hẹn",
        "labelEn": "Not told about the delay"
      },
      {
        "label": "Không được xin lỗi khi trễ hẹn",
        "labelEn": "No apology for the delay"
      }
    ]
  },
  "kiosk.feedback": {
    "reasons": [
      {
        "label": "Không biết góp ý ở đâu",
        "labelEn": "Did not know where to give feedback"
      },
      {
        "label": "Góp ý không được trả lời",
        "labelEn": "Feedback not answered"
      },
      {
        "label": "Trả lời chậm",
        "labelEn": "Answer too slow"
      },
      {
        "label": "Trả lời không thỏa đáng",
        "labelEn": "Answer not satisfactory"
      }
    ],
    "notApplicable": true
  }
};

export async function up(db: Kysely<any>): Promise<void> {
  const blob = (isPostgres(db) ? "bytea" : "blob") as "blob";
  await withId(db, db.schema.createTable("feedback_photo"))
    .addColumn("item_id", "integer", (c) => c.notNull().references("feedback_item.id"))
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("bytes", blob, (c) => c.notNull())
    .addColumn("location_shared", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("published_at", "text")
    .addColumn("published_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("feedback_photo_item").on("feedback_photo").column("item_id").execute();
  await db.schema.alterTable("feedback_item").addColumn("place_text", "text").execute();

  const q = await db.selectFrom("questionnaire").select("id").where("code", "=", "sipas-kiosk").executeTakeFirst();
  if (!q) return; // a new database: the seed writes these specs
  const versions = (await db.selectFrom("questionnaire_version").select("id").where("questionnaire_id", "=", q.id).execute()).map((v) => v.id);
  if (versions.length === 0) return;
  for (const [code, spec] of Object.entries(SPECS)) {
    await db.updateTable("question").set({ spec: JSON.stringify(spec) })
      .where("code", "=", code).where("version_id", "in", versions).where("spec", "is", null).where("type", "=", "likert5")
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // The kiosk specs stay (they change no stored answer).
  await db.schema.alterTable("feedback_item").dropColumn("place_text").execute();
  await db.schema.dropTable("feedback_photo").execute();
}
