import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';

interface ModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}

/** Radix dialog with the console's styling: focus trap, Escape to close, labelled by its title. */
export function Modal({ open, onOpenChange, title, description, children, wide }: ModalProps) {
  const t = useT();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-overlay" />
        <Dialog.Content
          className={wide ? 'modal modal-wide' : 'modal'}
          onOpenAutoFocus={(e) => {
            // Start in the field that matters (marked data-autofocus), not on the close button.
            const target = (e.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>(
              '[data-autofocus]',
            );
            if (target) {
              e.preventDefault();
              target.focus();
            }
          }}
        >
          <div className="modal-head">
            <Dialog.Title className="modal-title">{title}</Dialog.Title>
            <Dialog.Close className="icon-button" aria-label={t('components.close')}>
              ×
            </Dialog.Close>
          </div>
          {description ? (
            <Dialog.Description className="modal-desc">{description}</Dialog.Description>
          ) : (
            <Dialog.Description className="visually-hidden">{title}</Dialog.Description>
          )}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
