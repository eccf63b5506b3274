export { Passports } from "./Passports";
export { usePassports, useProducts, productLabel, type Passport, type Product } from "./api";
