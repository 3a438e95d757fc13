import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Metadata of one file of a workspace; the bytes live in the bucket under workspaces/<id>/<path>. */
@Entity('files')
export class FileEntry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') workspaceId: string;
  @Column('text') path: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) size: number;
  @Column('text') sha256: string;
  @Column('text') contentType: string;
  @Column('timestamptz') updatedAt: Date;
  @Column('uuid', { nullable: true }) updatedBy: string | null;
}
