import { visionSupportByName, type VisionSupport } from '@shared/entities/attachment';
import type { ImageMediaType } from '@shared/entities/llm';
import type { ModelRef } from '@shared/entities/model';

/** What the provider says about a model's vision: true, false, or null when it does not say. */
export type VisionLookup = (model: ModelRef) => Promise<boolean | null>;

/**
 * Whether a model can see images: the provider's word (models.list capabilities) when it has one,
 * else a conservative guess from the name. A failed lookup counts as no word.
 */
export async function visionSupport(model: ModelRef, lookup?: VisionLookup): Promise<VisionSupport> {
  const said = lookup ? await lookup(model).catch(() => null) : null;
  if (said === true) return 'yes';
  if (said === false) return 'no';
  return visionSupportByName(model);
}

/** The image type of the bytes themselves (PNG, JPEG, GIF, WebP signatures), or undefined. */
export function sniffImageType(bytes: Uint8Array): ImageMediaType | undefined {
  const at = (i: number, ...values: number[]) => values.every((v, n) => bytes[i + n] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return undefined;
}
