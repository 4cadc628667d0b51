from __future__ import annotations

import json

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db


class Condition(db.Model):
    __tablename__ = "conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    synonyms_json: Mapped[str] = mapped_column(Text, default="[]")
    icd10: Mapped[str | None] = mapped_column(String(20), default=None)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("conditions.id", ondelete="SET NULL"), index=True, default=None
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Condition | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Condition]] = relationship(
        back_populates="parent", order_by="Condition.position"
    )

    @property
    def synonyms(self) -> list[str]:
        return json.loads(self.synonyms_json or "[]")

    @synonyms.setter
    def synonyms(self, values: list[str]) -> None:
        self.synonyms_json = json.dumps(list(values))

    def __repr__(self) -> str:
        return f"<Condition {self.slug}>"
