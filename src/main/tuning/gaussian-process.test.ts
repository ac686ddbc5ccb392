import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitGaussianProcess, GaussianProcess, matern52, type GpHyperparameters } from './gaussian-process';
import { Prng } from './prng';

interface GpFixtures {
  x: number[][];
  y: number[];
  points: number[][];
  fixed: { hyper: GpHyperparameters; mean: number[]; std: number[]; logMarginalLikelihood: number }[];
  fitted: { kernel: string; logMarginalLikelihood: number };
}

/** scikit-learn 1.2's GaussianProcessRegressor on the same points (fixtures/make-gp-fixtures.py) */
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'gp-fixtures.json'), 'utf8')) as GpFixtures;

describe('the Gaussian process, against scikit-learn', () => {
  it.each(fixtures.fixed.map((c, i) => [i, c] as const))('kernel %i: the posterior mean and deviation at each point, and the log marginal likelihood', (_, c) => {
    const gp = GaussianProcess.condition(fixtures.x, fixtures.y, c.hyper);
    expect(gp).not.toBeNull();
    expect(gp!.logMarginalLikelihood).toBeCloseTo(c.logMarginalLikelihood, 8);
    fixtures.points.forEach((p, i) => {
      const { mean, variance } = gp!.predict(p);
      expect(mean).toBeCloseTo(c.mean[i], 8);
      expect(Math.sqrt(variance)).toBeCloseTo(c.std[i], 8);
    });
  });

  it('fits a kernel whose log marginal likelihood is as high as the one L-BFGS-B reaches from 20 restarts', () => {
    const gp = fitGaussianProcess(fixtures.x, fixtures.y, new Prng(1));
    expect(gp.logMarginalLikelihood).toBeGreaterThan(fixtures.fitted.logMarginalLikelihood - 1e-3);
    // and that is no accident of the starting kernel: the neutral start alone is well below it
    const neutral = GaussianProcess.condition(fixtures.x, fixtures.y, { lengthScales: [0.5, 0.5, 0.5], signalVariance: 1, noiseVariance: 1e-3 });
    expect(neutral!.logMarginalLikelihood).toBeLessThan(fixtures.fitted.logMarginalLikelihood - 1);
  });

  it('passes through what it was told where the noise is small, and is unsure far from it', () => {
    const hyper = { lengthScales: [0.2], signalVariance: 1, noiseVariance: 1e-8 };
    const gp = GaussianProcess.condition([[0.1], [0.5]], [3, 7], hyper)!;
    expect(gp.predict([0.1]).mean).toBeCloseTo(3, 5);
    expect(gp.predict([0.5]).variance).toBeLessThan(1e-6);
    // far away the prior mean (the targets' mean) and the prior variance (in the targets' units: sd 2, so 4) return
    expect(gp.predict([5]).mean).toBeCloseTo(5, 5);
    expect(gp.predict([5]).variance).toBeCloseTo(4, 5);
  });

  it('refuses points that coincide without noise instead of dividing by zero', () => {
    expect(GaussianProcess.condition([[0.3], [0.3]], [1, 2], { lengthScales: [1], signalVariance: 1, noiseVariance: 0 })).toBeNull();
    expect(matern52([0.3], [0.3], { lengthScales: [1], signalVariance: 2, noiseVariance: 0 })).toBe(2);
  });
});
