/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    ctx: import('../api/context').AppContext;
  }
}
