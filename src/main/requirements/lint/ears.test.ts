import { describe, expect, it } from 'vitest';
import { lintRequirement } from './lint-requirement';

const earsOf = (text: string) => lintRequirement(text).ears;

describe('EARS recognition', () => {
  it('recognises each EARS pattern by the keyword that opens its clauses', () => {
    expect(earsOf('The flight recorder shall record the cockpit audio.').pattern).toBe('ubiquitous');
    expect(earsOf('When the ignition is switched on, the ECU shall run a self-test.').pattern).toBe('event-driven');
    expect(earsOf('While the aircraft is on the ground, the controller shall inhibit reverse thrust.').pattern).toBe('state-driven');
    expect(earsOf('If the infusion line is occluded, then the pump shall stop within 2 s.').pattern).toBe('unwanted-behaviour');
    expect(earsOf('Where the vehicle has a sunroof, the controller shall close it on rain.').pattern).toBe('optional');
    expect(earsOf('While in standby, when a key is pressed, the display shall light within 100 ms.').pattern).toBe('complex');
  });

  it('gives no rewrite for a requirement that already fits a template', () => {
    expect(earsOf('When the door opens, the pump shall stop.')).toEqual({ pattern: 'event-driven' });
    // a keyword inside the response ("the mode where ...") opens no precondition
    expect(earsOf('The display shall show the mode where the pump runs.')).toEqual({ pattern: 'ubiquitous' });
  });

  it('rewrites a trailing condition to the front, with "shall" for the modal it had', () => {
    expect(earsOf('The pump must stop when the door opens.')).toEqual({ pattern: 'none', rewrite: 'When the door opens, the pump shall stop.' });
    expect(earsOf('The controller shall enter the safe state if the sensor fails.')).toEqual({
      pattern: 'none',
      rewrite: 'If the sensor fails, then the controller shall enter the safe state.',
    });
    expect(earsOf('The heater will be switched off while the cabin door is open.').rewrite).toBe(
      'While the cabin door is open, the heater shall be switched off.',
    );
    expect(earsOf('The ECU needs to log a fault code in the event of a CAN timeout.').rewrite).toBe(
      'If a CAN timeout, then the ECU shall log a fault code.',
    );
  });

  it('rewrites a sentence without a modal into the ubiquitous template and a loophole "if" is no condition', () => {
    expect(earsOf('Data is encrypted at rest.')).toEqual({ pattern: 'none', rewrite: 'The <system> shall ensure that data is encrypted at rest.' });
    expect(earsOf('The ABS must release the brake.')).toEqual({ pattern: 'none', rewrite: 'The ABS shall release the brake.' });
    expect(earsOf('The cache shall be flushed, if possible.').pattern).toBe('ubiquitous');
  });
});
