import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of the file routes, as the OpenAPI document (and so the UI's types) shows them. */
export class FileMetaView {
  @ApiProperty() path: string;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiProperty() contentType: string;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ nullable: true, type: String }) updatedBy: string | null;
}

export class FileListingView {
  @ApiProperty({ type: [FileMetaView] }) items: FileMetaView[];
  @ApiProperty({ type: [String], description: 'sub-folders of the prefix (empty when recursive)' })
  folders: string[];
}

export class PresignedUrlView {
  @ApiProperty() url: string;
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
}

export class FileImportResultView {
  @ApiProperty() imported: number;
  @ApiProperty({ type: [FileMetaView] }) files: FileMetaView[];
}

export class ExportLinkView {
  @ApiProperty({ description: 'a path under the API, usable once within 60 s without a bearer token' })
  url: string;
  @ApiProperty() expiresAt: string;
}
