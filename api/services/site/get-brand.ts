// The services' and pages' name for the brand read, which lives in api/lib so that the dispatcher
// can read it too without importing the services.
export { assetPath, type Brand, DEFAULT_BRAND, getBrand } from '../../lib/brand';
