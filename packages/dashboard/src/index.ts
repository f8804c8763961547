/**
 * @module @aigw/dashboard
 * aigw's web dashboard as data: one self-contained HTML page (script and style inline) and its
 * ETag. Apps hand it to the core, which serves it at `/dashboard`:
 *
 * @example
 * import { createGateway } from '@aigw/core';
 * import { dashboardAssets } from '@aigw/dashboard';
 * const gateway = createGateway({ dashboard: dashboardAssets });
 */
import { dashboardEtag, dashboardHtml } from './generated/assets.ts';

export interface DashboardAssets {
  /** The page served for `/dashboard` and `/dashboard/*`. */
  html: string;
  /** Strong ETag (a hash of `html`). */
  etag: string;
}

export const dashboardAssets: DashboardAssets = { html: dashboardHtml, etag: dashboardEtag };
