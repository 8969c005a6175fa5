import React from 'react';
import { ConfirmModal } from '@grafana/ui';
import type { useConfirmedAction } from '../../hooks/confirmedAction';

/**
 * The confirmation of a `useConfirmedAction`: open while a row is asked for, its title and body (`children`) about
 * that row.
 */
export function ConfirmRowAction<T>({
  action,
  title,
  confirmText,
  children,
}: {
  action: Pick<ReturnType<typeof useConfirmedAction<T>>, 'target' | 'modal'>;
  title: (target: T) => string;
  confirmText: string;
  children: (target: T) => React.ReactNode;
}) {
  const { target } = action;
  return (
    <ConfirmModal
      {...action.modal}
      title={target === undefined ? '' : title(target)}
      body={target !== undefined && children(target)}
      confirmText={confirmText}
    />
  );
}
