import React from 'react';
import { Button, Modal, Stack, type IconName } from '@grafana/ui';

/**
 * Cancel and submit of a form in a modal: the submit shows a spinner while sending and stays disabled once a
 * submit showed the form's problems (`blocked`), until they are fixed.
 */
export function ModalFormButtons({
  busy,
  blocked,
  icon,
  onCancel,
  children,
}: {
  busy: boolean;
  blocked: boolean;
  icon: IconName;
  onCancel: () => void;
  children: React.ReactNode;
}) {
  return (
    <Modal.ButtonRow>
      <Stack gap={1}>
        <Button type="button" variant="secondary" fill="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" icon={busy ? 'spinner' : icon} disabled={busy || blocked}>
          {children}
        </Button>
      </Stack>
    </Modal.ButtonRow>
  );
}
