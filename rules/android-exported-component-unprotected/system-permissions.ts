import { isPlatformSignaturePermission } from '../../server/src/engine/platform/manifest-merge';

/**
 * Platform permissions whose protection level is signature or privileged: only the system,
 * the platform signer or the installer holds them, so an app cannot reach a component guarded
 * by one. `BIND_*` and the messaging sender permission come from the shared helper.
 */
const SYSTEM_ONLY = new Set([
  'START_VIEW_PERMISSION_USAGE',
  'START_VIEW_APP_FEATURES',
  'BROADCAST_SMS',
  'BROADCAST_WAP_PUSH',
  'BROADCAST_PACKAGE_REMOVED',
  'SEND_RESPOND_VIA_MESSAGE',
  'ACCOUNT_MANAGER',
  'STATUS_BAR_SERVICE',
  'INSTALL_PACKAGES',
  'DELETE_PACKAGES',
  'GRANT_RUNTIME_PERMISSIONS',
  'MODIFY_PHONE_STATE',
  'DEVICE_POWER',
  'REBOOT',
  'MANAGE_EXTERNAL_STORAGE_SETTINGS',
  'PROVIDE_TRUST_AGENT',
  'LAUNCH_MULTI_PANE_SETTINGS_DEEP_LINK',
]);

/** True when only the system or the platform signer can hold `name`. */
export function isSystemOnlyPermission(name: string): boolean {
  if (isPlatformSignaturePermission(name)) return true;
  const prefix = 'android.permission.';
  return name.startsWith(prefix) && SYSTEM_ONLY.has(name.slice(prefix.length));
}
