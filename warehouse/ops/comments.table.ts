import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface CommentsTable {
  id: Generated<number>;
  company_id: string;
  customer_id: string;
  /** Null: about the customer as a whole. */
  document_id: string | null;
  author_id: number;
  body: string;
  /** Ids of the users mentioned with @ (default []). */
  mentions: ColumnType<number[], number[] | undefined, number[]>;
  created_at: Generated<Date>;
}

export type Comment = Selectable<CommentsTable>;
export type NewComment = Insertable<CommentsTable>;
export type CommentUpdate = Updateable<CommentsTable>;
