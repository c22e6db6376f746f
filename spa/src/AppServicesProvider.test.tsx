/** @vitest-environment jsdom */
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useApi } from './api/ApiContext';
import { AppServicesProvider } from './AppServicesProvider';
import { useHandOver } from './call/HandOverContext';
import { useRecordingService } from './recording/RecordingContext';
import { fakeApi } from './test/fakeApi';
import { testServices } from './test/testServices';

afterEach(cleanup);

function Probe({ use }: { use: () => unknown }) {
  use();
  return <p>ok</p>;
}

const hooks: [string, () => unknown][] = [
  ['useApi', useApi],
  ['useRecordingService', useRecordingService],
  ['useHandOver', useHandOver],
];

describe('AppServicesProvider', () => {
  it.each(hooks)('%s fails loudly outside its provider', (name, use) => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Probe use={use} />)).toThrow(`${name} must be used inside`);
    quiet.mockRestore();
  });

  it('hands each component the instances the app root made', () => {
    const services = testServices(fakeApi());
    const seen: unknown[] = [];
    function Reader(): ReactNode {
      seen.push(useApi(), useRecordingService(), useHandOver());
      return <p>read</p>;
    }
    render(
      <AppServicesProvider services={services}>
        <Reader />
      </AppServicesProvider>,
    );
    expect(screen.getByText('read')).toBeTruthy();
    expect(seen[0]).toBe(services.api);
    expect(seen[1]).toBe(services.recording);
    expect(seen[2]).toBe(services.handOver);
  });
});
